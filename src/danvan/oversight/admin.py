"""Administration of the oversight registers: the disclosure list (Law 10/2022 Art. 11) is data
kept here; boards and their members are set up here by the Front committee's administrator."""

from django.contrib import admin

from danvan.oversight.models import (
    Board,
    BoardMember,
    CriticismComment,
    CriticismSession,
    Dialogue,
    DialogueCommitment,
    DialogueQuestion,
    DisclosureItem,
)


@admin.register(DisclosureItem)
class DisclosureItemAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "name",
        "period",
        "due_month",
        "due_day",
        "lag_working_days",
        "active",
    )
    list_editable = ("active",)


class MemberInline(admin.TabularInline):
    model = BoardMember
    extra = 1


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "unit", "term_start", "term_end", "dissolved_on")
    list_filter = ("kind",)
    search_fields = ("name", "project")
    raw_id_fields = ("unit",)
    inlines = [MemberInline]


class QuestionInline(admin.TabularInline):
    model = DialogueQuestion
    extra = 1


class CommitmentInline(admin.TabularInline):
    model = DialogueCommitment
    extra = 1


@admin.register(Dialogue)
class DialogueAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "unit",
        "level",
        "held_on",
        "notice_published_on",
        "results_published_on",
    )
    raw_id_fields = ("unit",)
    inlines = [QuestionInline, CommitmentInline]


class CommentInline(admin.TabularInline):
    model = CriticismComment
    extra = 1


@admin.register(CriticismSession)
class CriticismAdmin(admin.ModelAdmin):
    list_display = ("draft_title", "unit", "level", "held_on", "form")
    raw_id_fields = ("unit",)
    inlines = [CommentInline]
