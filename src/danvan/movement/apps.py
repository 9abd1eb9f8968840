from django.apps import AppConfig


class MovementConfig(AppConfig):
    name = "danvan.movement"
    label = "movement"
    verbose_name = "Công tác dân vận"

    def ready(self):
        from danvan.movement import (
            audit_codes,
            importers,  # noqa: F401 - registers the import job kind
            indicators,
            privacy,
            workflow,
        )
        from danvan.workflow import register

        register(workflow.PRACTICE_FLOW)
        audit_codes.register_all()
        indicators.register_all()
        privacy.register_all()
