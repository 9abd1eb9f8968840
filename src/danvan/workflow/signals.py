"""``transitioned`` is sent after the transaction of an applied transition commits.

Keyword arguments: ``workflow``, ``obj`` (as saved), ``transition``, ``before``, ``after``,
``by``, ``system``, ``event`` (the event row), ``data``. ``sender`` is the model class.
A receiver failing does not undo the transition (it already committed).
"""

from django.dispatch import Signal

transitioned = Signal()
