"""Every URL of the project, with arguments, for the security tests.

The routes come from the URL resolver, so a page added later is tested automatically. A route
that needs arguments gets them from the objects of the `World` built here:

- a parameter named after a model (`register_id`, `entry_pk`, `campaign`, `unit_id` ...) gets the
  pk of the world's object of that model (see PARAM_MODELS, then any project model of that name);
- `pk` / `id` / `object_id` get the pk of the model the route's name or path names
  (`registers:entry_edit` -> RiskEntry, `admin/orgs/unit/<object_id>/` -> Unit);
- anything else must be listed in PARAM_VALUES or ROUTE_URLS.

A route nobody handles raises UnhandledRoute, which fails the tests loudly, naming the route and
the parameter: extend the tables below rather than skipping it.
"""

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from archives.choices import RecordKind
from archives.models import AccessRequest, ArchiveSnapshot, IntegrityRecord
from archives.services import RecordData, access_request_create, archives_snapshot, record_create
from assessment.models import Assessment, AssessmentPeriod, Indicator
from assessment.services import assessment_score, indicators_seed_defaults, period_open
from audit import actions
from audit.services import audit_record
from commitments.models import Commitment
from notifications.models import Notification
from orgs.models import Unit, User
from oversight.choices import Disposal, RectificationSource, WarningLevel, WarningState
from oversight.measures.services import action_create
from oversight.models import Action, Attachment, Lead, Rectification
from oversight.models import Warning as OversightWarning
from oversight.rectification.services import rectification_create
from registers.choices import RegisterState
from registers.data import CampaignData
from registers.models import (
    AuthorityItem,
    Campaign,
    Category,
    CategorySet,
    ProcedureStep,
    Register,
    RiskEntry,
)
from registers.services import campaign_create, campaign_start
from reports.choices import ExportKind
from reports.models import ExportJob
from reviews.models import ReviewAnswer, ReviewFinding, ReviewRound
from schedule.models import (
    CampaignReminderSettings,
    Reminder,
    ReminderKind,
    ScheduleTask,
    TaskCompletion,
)
from schedule.selectors import reminder_settings_for
from schedule.services import task_complete
from tests.conftest import Cast
from tests.factories import TEST_PASSWORD, RiskEntryFactory
from tests.reviews.world import review_objects
from tests.walk import walk_to
from workflow import services as workflow_services
from workflow.models import Feedback, PublishedVersion, Signature, Transition


class UnhandledRoute(Exception):
    """A route whose arguments nobody knows how to build: extend the tables of this module."""


@dataclass(frozen=True)
class Route:
    name: str | None  # "ns:name", None for an unnamed pattern
    pattern: str  # the full pattern, prefixes joined
    params: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.name or self.pattern


def _walk(
    patterns: list, prefix: str = "", namespace: str | None = None, params: tuple[str, ...] = ()
) -> Iterator[Route]:
    for p in patterns:
        groups = tuple(p.pattern.regex.groupindex)
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns, params + groups)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield Route(name=name, pattern=prefix + str(p.pattern), params=params + groups)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


@dataclass
class World:
    """Objects of every model, so that every route has something to show."""

    cast: Cast
    campaign: Campaign
    register: Register  # the department register of cast.dept, with entries
    objects: dict[type[models.Model], models.Model] = field(default_factory=dict)

    def instance_of(self, model: type[models.Model]) -> models.Model:
        if model in self.objects:
            return self.objects[model]
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            raise UnhandledRoute(
                f"no object of {model.__name__} to build a URL with: create one in build_world()"
            )
        return obj


def build_world(cast: Cast) -> World:
    """The cast's organization with a started campaign, entries, history and sign-in records."""
    today = timezone.localdate()
    campaign = campaign_create(
        actor=cast.admin,
        data=CampaignData(
            year=2026,
            title="2026年度廉政风险排查",
            category_set=CategorySet.objects.get(is_default=True),
            publication_start=today,
            publication_end=today + timedelta(days=30),
        ),
    )
    campaign_start(campaign=campaign, actor=cast.admin)
    register = Register.objects.get(campaign=campaign, unit=cast.dept, level="department")
    item = AuthorityItem.objects.create(
        unit=cast.dept,
        name="建设项目环境影响评价文件审批",
        kind="power",
        category="licensing",
        legal_basis="《中华人民共和国环境影响评价法》",
        responsible_subject="审批处",
        supervision_method="纪检监察机构监督",
    )
    step = ProcedureStep.objects.create(item=item, order=1, name="受理", handler="审批岗")
    entries = [
        RiskEntryFactory(register=register, authority_item=item if i == 0 else None)
        for i in range(3)
    ]
    now = timezone.now()
    # The key post's register submitted and signed (a transition and a signature to show).
    post_register = Register.objects.get(campaign=campaign, level="post", post=cast.key_post)
    walk_to(post_register, RegisterState.SIGNED)
    transition = post_register.transitions.earliest("created_at", "id")
    signature = Signature.objects.get(register=post_register)
    group = Group.objects.create(name="审核组")
    # One failed and one successful real sign-in, so that axes has rows of each kind.
    # Rows of each axes model (sign-in records), written directly: a real sign-in hashes a
    # password, which would slow every test that builds the world.
    axes_row = {"username": "outsider", "ip_address": "127.0.0.1", "user_agent": "test"}
    AccessAttempt.objects.create(
        **axes_row, path_info="/accounts/login/", get_data="", post_data="", failures_since_start=1
    )
    AccessFailureLog.objects.create(**axes_row, path_info="/accounts/login/")
    AccessLog.objects.create(**axes_row, path_info="/accounts/login/")
    audit_record(
        action=actions.REGISTER_IMPORT, actor=cast.admin, obj=register, data={"rows": 1}, ip=None
    )
    # The other department's register through the whole workflow: a publication, a supervision
    # opinion (and the notifications and e-mail it queues), an export job.
    published = Register.objects.get(campaign=campaign, unit=cast.other_dept, level="department")
    RiskEntryFactory(register=published)
    workflow_services.register_submit(register=published, actor=cast.outsider)
    workflow_services.register_sign(
        register=published, actor=cast.other_leader, password=TEST_PASSWORD
    )
    # No party-group stage in this campaign: approval leads straight to publication.
    campaign.has_party_group_stage = False
    campaign.save(update_fields=["has_party_group_stage"])
    workflow_services.register_approve(register=published, actor=cast.committee)
    publication = workflow_services.register_publish(register=published, actor=cast.committee)
    cast.committee.email = "jiwei@example.org"  # so that the opinion is also e-mailed (outbox)
    cast.committee.save(update_fields=["email"])
    feedback = workflow_services.feedback_create(
        publication=publication, text="请核实审批环节", author=cast.filler
    )
    notification = Notification.objects.filter(recipient=cast.committee).latest("created_at", "id")
    job = ExportJob.objects.create(
        kind=ExportKind.WORKBOOK_XLSX,
        params={"campaign_id": campaign.pk},
        owner=cast.admin,
        expires_at=now + timedelta(days=1),
    )
    task = campaign.schedule.order_by("order")[0]
    reminder = Reminder.objects.create(
        task=task,
        unit=cast.dept,
        kind=ReminderKind.REMINDER,
        day=now.date(),
        days_before=3,
        created_at=now,
    )
    # After publication: an action on an entry, a warning (issued: the world has no party group
    # to approve one, so it is written directly), a rectification item and its evidence; the
    # supervision opinion above became a lead.
    action = action_create(
        entry=entries[0],
        actor=cast.filler,
        content="建立审批台账",
        owner=cast.filler,
        deadline=today,
    )
    warning = OversightWarning.objects.create(
        level=WarningLevel.IMPORTANT,
        disposal=Disposal.ADMONITION,
        state=WarningState.ISSUED,
        number="廉预〔2026〕1号",
        subject_unit=cast.dept,
        subject_user=cast.filler,
        facts="事由",
        requirement="要求",
        deadline=today + timedelta(days=14),
        approved_at=now,
        issued_at=now,
    )
    rectification = rectification_create(
        source=RectificationSource.INSPECTION,
        unit=cast.dept,
        owner=cast.filler,
        title="审批档案不全",
        problem="缺少会审记录",
        deadline=today + timedelta(days=10),
        actor=cast.committee,
    )
    attachment = Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(Rectification),
        object_id=rectification.pk,
        file="oversight/none.pdf",
        name="整改材料.pdf",
        size=10,
        mime_type="application/pdf",
        uploaded_by=cast.filler,
    )
    # A quarter's integrity assessment, open, with one person scored.
    indicators_seed_defaults(actor=cast.committee)
    assessment_period = period_open(
        actor=cast.committee,
        year=today.year,
        quarter=(today.month - 1) // 3 + 1,
        deadline=today + timedelta(days=10),
        today=today,
    )
    scored = Assessment.objects.get(period=assessment_period, person=cast.filler)
    assessment_score(
        assessment=scored,
        actor=cast.head,
        values={indicator.pk: Decimal(80) for indicator in Indicator.objects.all()},
    )
    # A row of the schedule marked done by hand (梳理权力清单, marked by each unit).
    powers = campaign.schedule.get(order=3)
    completion = task_complete(
        schedule_task=powers, unit=cast.dept, actor=cast.head, note="已梳理权力清单"
    )
    # An integrity file: a record, a pending 调阅 request and the year's snapshot.
    record = record_create(
        person=cast.filler,
        actor=cast.committee,
        data=RecordData(kind=RecordKind.TALK, occurred_on=today, title="任前廉政谈话"),
    )
    access = access_request_create(
        actor=cast.outsider, person=cast.filler, reason="干部考察", days=7
    )
    archives_snapshot(year=today.year)
    objects: dict[type[models.Model], models.Model] = {
        # The department letter the publication above generated.
        Commitment: Commitment.objects.order_by("pk")[0],
        IntegrityRecord: record,
        AccessRequest: access,
        ArchiveSnapshot: ArchiveSnapshot.objects.get(person=cast.filler, year=today.year),
        TaskCompletion: completion,
        AssessmentPeriod: assessment_period,
        Assessment: scored,
        Indicator: Indicator.objects.order_by("pk")[0],
        Action: action,
        OversightWarning: warning,
        Rectification: rectification,
        Attachment: attachment,
        Lead: Lead.objects.get(feedback=feedback),
        PublishedVersion: publication,
        Feedback: feedback,
        Notification: notification,
        ExportJob: job,
        ScheduleTask: powers,
        Reminder: reminder,
        CampaignReminderSettings: reminder_settings_for(campaign=campaign),
        Unit: cast.dept,
        User: cast.filler,
        Campaign: campaign,
        Register: register,
        RiskEntry: entries[0],
        AuthorityItem: item,
        ProcedureStep: step,
        Category: entries[0].category,
        CategorySet: campaign.category_set,
        Transition: transition,
        Signature: signature,
        Group: group,
    }
    objects.update(review_objects(cast, campaign))  # a 回头看 round, an answer, a finding
    return World(cast=cast, campaign=campaign, register=register, objects=objects)


# Parameter names that name a model; the suffixes _id / _pk are stripped first.
PARAM_MODELS: dict[str, type[models.Model]] = {
    "register": Register,
    "job": ExportJob,
    "entry": RiskEntry,
    "risk_entry": RiskEntry,
    "riskentry": RiskEntry,
    "campaign": Campaign,
    "unit": Unit,
    "item": AuthorityItem,
    "authority_item": AuthorityItem,
    "step": ProcedureStep,
    "category": Category,
    "category_set": CategorySet,
    "transition": Transition,
    "signature": Signature,
    "user": User,
    "person": User,
}

# Parameters that are not object ids: a value per name, or per (route name, parameter).
PARAM_VALUES: dict[str, Callable[[World, Route], str]] = {
    "app_label": lambda w, r: "orgs",
    "action": lambda w, r: "submit",
    "fmt": lambda w, r: "xlsx" if r.name == "reports:annex3" else "pdf",
    # An import upload that does not exist: the import routes answer 404 for it.
    "token": lambda w, r: "00000000-0000-4000-8000-000000000000",
    "content_type_id": lambda w, r: str(ContentType.objects.get_for_model(Unit).pk),
    # Evidence uploaded to the world's rectification item.
    "kind_name": lambda w, r: "rectification",
}

# What `pk` means where the route's name does not say it.
ROUTE_PK_MODELS: dict[str, type[models.Model]] = {
    "commitments:detail": Commitment,
    "commitments:sign": Commitment,
    "commitments:publish": Commitment,
    "commitments:pdf": Commitment,
    "public_commitments:detail": Commitment,
    "archives:snapshot": ArchiveSnapshot,
    "archives:record_edit": IntegrityRecord,
    "archives:record_delete": IntegrityRecord,
    "archives:access_detail": AccessRequest,
    "archives:access_decide": AccessRequest,
    "archives:access_withdraw": AccessRequest,
    "workflow:register": Register,
    "workflow:act": Register,
    "workflow:history": Register,
    "workflow:published_detail": PublishedVersion,
    "workflow:feedback_create": PublishedVersion,
    "workflow:feedback_handle": Feedback,
    "public:detail": PublishedVersion,
    "public:feedback": PublishedVersion,
    "registers:entry_new": Register,
    "registers:entry_edit": Register,
    "registers:entry_delete": Register,
    "registers:entry_move": Register,
    "registers:grade_proposal": Register,
    "registers:authority_detail": AuthorityItem,
    "registers:authority_edit": AuthorityItem,
    "registers:authority_delete": AuthorityItem,
    "notifications:read": Notification,
    "notifications:open": Notification,
    "assessment:period_detail": AssessmentPeriod,
    "assessment:period_deadline": AssessmentPeriod,
    "assessment:period_close": AssessmentPeriod,
    "assessment:period_xlsx": AssessmentPeriod,
    "assessment:assessment_detail": Assessment,
    "assessment:score": Assessment,
    "assessment:indicator_edit": Indicator,
    "reviews:round_detail": ReviewRound,
    "reviews:round_edit": ReviewRound,
    "reviews:round_close": ReviewRound,
    "reviews:round_pdf": ReviewRound,
    "reviews:round_xlsx": ReviewRound,
    "reviews:answer_detail": ReviewAnswer,
    "reviews:answer_save": ReviewAnswer,
    "reviews:answer_rate": ReviewAnswer,
    "reviews:finding_create": ReviewAnswer,
    "reviews:finding_delete": ReviewFinding,
    "reviews:finding_entry": ReviewFinding,
    "reviews:finding_rectification": ReviewFinding,
    "oversight:action_edit": Action,
    "oversight:action_delete": Action,
    "oversight:action_verify": Action,
    "oversight:action_inspection": Action,
    "oversight:lead_detail": Lead,
    "oversight:lead_edit": Lead,
    "oversight:lead_dismiss": Lead,
    "oversight:lead_rectify": Lead,
    "oversight:warning_detail": OversightWarning,
    "oversight:warning_edit": OversightWarning,
    "oversight:warning_pdf": OversightWarning,
    "oversight:warning_submit": OversightWarning,
    "oversight:warning_approve": OversightWarning,
    "oversight:warning_reject": OversightWarning,
    "oversight:warning_answer": OversightWarning,
    "oversight:warning_return": OversightWarning,
    "oversight:warning_close": OversightWarning,
    "oversight:rectification_detail": Rectification,
    "oversight:rectification_edit": Rectification,
    "oversight:rectification_submit": Rectification,
    "oversight:rectification_return": Rectification,
    "oversight:rectification_close": Rectification,
    "oversight:rectification_pdf": Rectification,
    "oversight:attachment_upload": Rectification,
    "oversight:attachment_download": Attachment,
    "oversight:attachment_delete": Attachment,
}
for _name in (
    "import",
    "import_done",
    "import_template",
    "import_preview",
    "import_mapping",
    "import_commit",
    "import_options",
    "import_skip",
    "import_cancel",
):
    ROUTE_PK_MODELS[f"registers:{_name}"] = Register

# Routes whose URL is given outright (unnamed regex routes, mostly).
ROUTE_URLS: dict[str, Callable[[World], str]] = {
    "admin/(?P<url>.*)$": lambda w: "/admin/no-such-page/",
}


def _project_models() -> list[type[models.Model]]:
    root = str(settings.BASE_DIR)
    return [
        m
        for m in apps.get_models()
        if m.__module__.split(".")[0] in {c.name.split(".")[0] for c in apps.get_app_configs()}
        and apps.get_app_config(m._meta.app_label).path.startswith(root)
        and ".venv" not in apps.get_app_config(m._meta.app_label).path
    ]


def _model_named(stem: str) -> type[models.Model] | None:
    stem = stem.lower()
    if stem in PARAM_MODELS:
        return PARAM_MODELS[stem]
    for model in _project_models():
        if model._meta.model_name == stem.replace("_", ""):
            return model
    return None


def _model_of_route(route: Route) -> type[models.Model] | None:
    """The model a pk-like parameter refers to: admin paths name it; otherwise the longest model
    name contained in the route's name."""
    admin = re.match(r"admin/(\w+)/(\w+)/", route.pattern)
    if admin:
        try:
            return apps.get_model(admin.group(1), admin.group(2))
        except LookupError:
            return None
    if route.name is None:
        return None
    short = route.name.split(":")[-1].lower()
    names = [m._meta.model_name for m in _project_models() if m._meta.model_name]
    candidates = sorted((stem for stem in PARAM_MODELS if stem in short), key=len, reverse=True) + [
        name for name in names if name in short
    ]
    return _model_named(candidates[0]) if candidates else None


def param_value(world: World, route: Route, param: str) -> str:
    if param in PARAM_VALUES:
        return PARAM_VALUES[param](world, route)
    if route.name == "admin:view_on_site" and param == "object_id":
        return str(world.cast.dept.pk)
    model: type[models.Model] | None
    if param == "pk" and route.name in ROUTE_PK_MODELS:
        model = ROUTE_PK_MODELS[route.name]
    elif param in {"pk", "id", "object_id"}:
        model = _model_of_route(route)
    else:
        model = _model_named(re.sub(r"_(id|pk)$", "", param))
    if model is None:
        raise UnhandledRoute(
            f"route {route.id!r} needs parameter {param!r} and nobody knows how to build it: "
            "add it to PARAM_MODELS, PARAM_VALUES or ROUTE_URLS in tests/security/routes.py"
        )
    return str(world.instance_of(model).pk)


def url_of(world: World, route: Route) -> str:
    if route.pattern in ROUTE_URLS:
        return ROUTE_URLS[route.pattern](world)
    kwargs = {param: param_value(world, route, param) for param in route.params}
    if route.name is not None:
        return reverse(route.name, kwargs=kwargs)
    # An unnamed path() route: fill its <converter:name> parts in.
    if "(?P<" in route.pattern:
        raise UnhandledRoute(f"unnamed regex route {route.pattern!r}: add it to ROUTE_URLS")
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: kwargs[m.group(1)], route.pattern)
    return "/" + path


# Who looks at pages, in order: the first whose GET shows a form is the one who posts it.
ACTORS = ("filler", "head", "leader", "committee", "principal", "admin", None)


def client_for(world: World, who: str | None, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    if who is not None:
        client.force_login(getattr(world.cast, who))
    return client


@dataclass
class Form:
    """A POST form (or an hx-post element) found on a page."""

    action: str
    fields: dict[str, str]  # what the browser would send as the page stands
    who: str | None
    page: str
    names: frozenset[str] = frozenset()  # every field the form shows (unticked boxes too)


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[tuple[str, dict[str, str], set[str]]] = []
        self._names: set[str] = set()
        self._current: dict[str, str] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._current, self._names = {}, set()
            self.forms.append((a.get("action") or self.page, self._current, self._names))
        elif tag == "form" and "hx-post" in a:
            self._current, self._names = {}, set()
            self.forms.append((a["hx-post"], self._current, self._names))
        elif "hx-post" in a and self._current is None:
            # A button that posts on its own sends its hx-vals, as htmx does.
            values = {str(k): str(v) for k, v in json.loads(a.get("hx-vals") or "{}").items()}
            self.forms.append((a["hx-post"], values, set(values)))
        if tag == "option" and self._select and self._current is not None:
            # The selected option, else the first one with a value.
            if a.get("value") and ("selected" in a or not self._current.get(self._select)):
                self._current[self._select] = a["value"]
            return
        if self._current is None or not a.get("name"):
            return
        name = a["name"]
        self._names.add(name)
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self._current[name] = a.get("value", "on")
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                self._current[name] = a.get("value", "")
        elif tag == "select":
            self._select = name
            self._current.setdefault(name, "")
        elif tag == "textarea":
            self._textarea = name
            self._current[name] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea and self._current is not None:
            self._current[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_on(html: str, *, page: str, who: str | None) -> list[Form]:
    parser = _FormParser(page)
    parser.feed(html)
    found = []
    for action, fields, names in parser.forms:
        path = urlsplit(action).path or page
        found.append(
            Form(action=path, fields=dict(fields), who=who, page=page, names=frozenset(names))
        )
    return found


@dataclass
class Page:
    route: Route
    url: str
    who: str | None
    status: int
    content_type: str
    body: bytes


def crawl(world: World, actors: tuple[str | None, ...] = ACTORS) -> list[Page]:
    """GET every route as every actor. Raises UnhandledRoute for a route without arguments."""
    pages = []
    routes = [(route, url_of(world, route)) for route in all_routes()]
    for who in actors:
        client = client_for(world, who)
        for route, url in routes:
            if route.name in {"logout", "admin:logout"}:
                continue  # a GET here would end the crawl's session (and answers 405 anyway)
            response = client.get(url)
            pages.append(
                Page(
                    route=route,
                    url=url,
                    who=who,
                    status=response.status_code,
                    content_type=response.get("Content-Type", ""),
                    body=b"".join(response) if response.streaming else response.content,
                )
            )
    return pages


def forms_of(pages: list[Page]) -> dict[str, Form]:
    """One form per action path: the first actor (in ACTORS order) who is shown it."""
    found: dict[str, Form] = {}
    for page in pages:
        if page.status != 200 or "html" not in page.content_type:
            continue
        for form in forms_on(page.body.decode(), page=page.url, who=page.who):
            if form.action in {reverse("logout"), reverse("admin:logout")}:
                continue  # tested by the session tests; posting it only signs out
            found.setdefault(form.action, form)
    return found
