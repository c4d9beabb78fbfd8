"""Every area's tables, loaded together for the shared metadata.

Foreign keys name tables of other areas, and migrations compare the whole
schema, so the app factory and Alembic import this one module; areas import
only the models they use and never this.
"""

from __future__ import annotations

from .access import models as access
from .alerts import models as alerts
from .audit import models as audit
from .compensation import models as compensation
from .complaints import models as complaints
from .customers import models as customers
from .delivery import models as delivery
from .incidents import models as incidents
from .signals import models as signals

AREAS = (access, alerts, audit, compensation, complaints, customers, delivery, incidents, signals)
