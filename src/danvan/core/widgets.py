"""Form widgets for data: a choice of records (units, organizations) whose option labels are
names, and text a person typed — both marked translate="no" as HTML defines it, so translators
and the English page's check (tests/i18n) leave them alone."""

from django import forms


class DataSelect(forms.Select):
    """A choice of records: each option's label is data (the empty choice stays UI text)."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        if option["value"] not in ("", None):
            option["attrs"]["translate"] = "no"
        return option


def mark_typed_text(form) -> None:
    """What an officer typed (names, summaries) is data too: translate="no" on text inputs."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(field, forms.CharField) and isinstance(
            widget, (forms.TextInput, forms.Textarea)
        ):
            widget.attrs["translate"] = "no"
