from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("监督整改")

    def ready(self) -> None:
        from audit.labels import register_action_labels, register_data_labels
        from oversight.labels import AUDIT_LABELS, DATA_LABELS
        from oversight.measures.wiring import connect as connect_measures
        from oversight.rectification.wiring import connect as connect_rectification
        from oversight.schedule_evidence import connect as connect_schedule_evidence
        from oversight.warnings.wiring import connect as connect_warnings

        register_action_labels(AUDIT_LABELS)
        register_data_labels(DATA_LABELS)
        connect_measures()
        connect_warnings()
        connect_rectification()
        connect_schedule_evidence()
