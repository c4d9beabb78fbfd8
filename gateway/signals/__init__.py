"""Early warning: signals counted per topic, rules, warnings and their draft incidents."""
