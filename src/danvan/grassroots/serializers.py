"""Petition and hot-spot representations for the API and the pages (personal data masked by
danvan.grassroots.privacy)."""

from danvan.grassroots import privacy
from danvan.grassroots.hotspots import trend
from danvan.workflow import allowed_for, history


def petition_row(p, user) -> dict:
    return {
        "tracking_code": p.tracking_code,
        "unit": p.unit.code,
        "unit_name": p.unit.name,
        "kind": p.kind,
        "category": p.category,
        "channel": p.channel,
        "title": p.title,
        "state": p.state,
        "state_label": str(p.get_state_display()),
        "received_at": p.received_at,
        "due_at": p.due_at or p.acceptance_due_at,
        "people_count": p.people_count,
        "matter_id": p.matter_id,
        "version": p.version,
    }


def petition_detail(p, user) -> dict:
    return {
        **petition_row(p, user),
        "description": p.description,
        "village": p.village,
        "address": p.address,
        "latitude": p.latitude,
        "longitude": p.longitude,
        "project_segment": p.project_segment,
        "representatives": p.representatives,
        "petitioner": privacy.petitioner(user, p),
        "acceptance_due_at": p.acceptance_due_at,
        "deadline_basis": p.deadline_basis,
        "handling_body": p.handling_body,
        "handler": p.handler.get_username() if p.handler else "",
        "answer": p.answer,
        "answered_at": p.answered_at,
        "answered_on_time": p.answered_on_time,
        "satisfaction": p.satisfaction,
        "transferred_to": p.transferred_to,
        "escalation_level": p.escalation_level,
        "allowed_actions": [t.action for t in allowed_for(p, user)],
        "history": [
            {
                "action": s.action,
                "label": str(s.label),
                "to": str(s.to_label),
                "at": s.at,
                "reason": s.reason,
            }
            for s in history(p)
        ],
    }


def hotspot_row(h) -> dict:
    return {
        "id": h.pk,
        "unit": h.unit.code,
        "unit_name": h.unit.name,
        "title": h.matter.title,
        "matter_id": h.matter_id,
        "state": h.state,
        "state_label": str(h.get_state_display()),
        "score": h.score,
        "reasons": h.reasons,
        "lead_body": h.lead_body,
        "responsible": h.responsible,
        "opened_at": h.opened_at,
        "settled_at": h.settled_at,
        "version": h.version,
    }


def hotspot_detail(h, user) -> dict:
    t = trend(h.matter)
    return {
        **hotspot_row(h),
        "plan": h.plan,
        "settlement": h.settlement,
        "petitions": h.matter.petitions.count(),
        "trend": {
            "direction": t["direction"],
            "weeks": [
                {"week": w["week"], "petitions": w["petitions"], "people": w["people"]}
                for w in t["weeks"]
            ],
        },
        "allowed_actions": [t.action for t in allowed_for(h, user)],
    }
