from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from core.admin import MarkdownAdminMixin, PublicActionsMixin, SelectedAutocompleteSelect
from history.admin import HistoryAdmin
from jobs.models import Job
from jobs.runner import job_url, start
from profile.models import Person
from profile.names import name_key

from .authors import format_author_list, parse_author_list
from .bibtex import text_of, too_large
from .models import Authorship, Publication, PublicationLink, Section
from .services import AuthorSpec, PublicationService, PublicationSpec, find_same_work
from .tasks import import_bibtex_job


@admin.register(Section)
class SectionAdmin(HistoryAdmin):
    list_display = ["name", "order", "slug"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class AuthorshipForm(forms.ModelForm):
    position = forms.IntegerField(
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"style": "width: 4em"}),
        help_text="Blank: after the others, in the order of the rows.",
    )

    class Meta:
        model = Authorship
        fields = ["position", "person", "equal_contribution"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.person_id:
            self.fields["person"].widget.widget.selected_object = self.instance.person

    def clean_position(self):
        return self.cleaned_data["position"] or 0  # 0 means "not given": the formset numbers it


class AuthorshipFormSet(BaseInlineFormSet):
    def clean(self):
        """Rows without a position go after the numbered ones, in the order they stand on the page."""
        kept = [
            form
            for form in self.forms
            if hasattr(form, "cleaned_data") and form.cleaned_data and not self._should_delete_form(form)
        ]
        last = max((form.cleaned_data["position"] for form in kept), default=0)
        for form in kept:
            if not form.cleaned_data["position"]:
                last += 1
                form.cleaned_data["position"] = form.instance.position = last
        super().clean()


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    form = AuthorshipForm
    formset = AuthorshipFormSet
    extra = 0
    autocomplete_fields = ["person"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "publication")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "person":
            kwargs["widget"] = SelectedAutocompleteSelect(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PublicationLinkInline(admin.TabularInline):
    model = PublicationLink
    extra = 0
    fields = ["order", "kind", "url", "label"]


class PublicationForm(forms.ModelForm):
    author_list = forms.CharField(
        label="Authors (quick entry)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text="In order, separated by commas; a * after each equal contributor, e.g. "
        "“S. Kim*, A. Gholami*, Z. Yao, M. W. Mahoney”. Known people are matched by any spelling of their "
        "name; a new name becomes a new person. When you change this box it replaces the author table.",
    )

    class Meta:
        model = Publication
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose what is shown)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["author_list"] = format_author_list(
                self.instance.authorships.select_related("person").order_by("position")
            )

    def clean_author_list(self):
        entries = parse_author_list(self.cleaned_data["author_list"])
        seen = set()
        for entry in entries:
            if name_key(entry.name) in seen:
                raise ValidationError(f"“{entry.name}” is listed twice; each author appears once.")
            seen.add(name_key(entry.name))
        return entries

    def clean(self):
        """The same work twice is refused, by the one rule publishing uses everywhere (publications.services)."""
        cleaned = super().clean()
        if not cleaned.get("title"):
            return cleaned
        fields = {name: cleaned.get(name) or "" for name in ("title", "doi", "arxiv_id")}
        found = find_same_work(PublicationSpec(fields, authors=self._first_author()), exclude=self.instance.pk)
        if found:
            twin, reason = found
            field = "doi" if reason.startswith("same DOI") else "arxiv_id" if "arXiv" in reason else "title"
            self.add_error(field, f"“{twin.title}” ({twin.year}) is already here ({reason}); edit that one instead.")
        return cleaned

    def _first_author(self):
        """The first author as this save will leave it: the quick entry's when it changes, else the table's."""
        if "author_list" in self.changed_data and self.cleaned_data.get("author_list"):
            first = self.cleaned_data["author_list"][0]
            return [AuthorSpec(first.name)]
        prefix, rows = "authorships", []
        try:
            total = int(self.data.get(f"{prefix}-TOTAL_FORMS", 0))
        except ValueError:
            total = 0
        for i in range(total):
            person = self.data.get(f"{prefix}-{i}-person")
            if person and not self.data.get(f"{prefix}-{i}-DELETE"):
                position = self.data.get(f"{prefix}-{i}-position") or ""
                rows.append((int(position) if position.isdigit() and int(position) else 10**6 + i, person))
        if not rows:
            return []
        person = Person.objects.filter(pk=min(rows)[1]).first() if str(min(rows)[1]).isdigit() else None
        return [AuthorSpec(person.full_name, person=person)] if person else []


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(file, initial) for file in files if file]


class BibtexImportForm(forms.Form):
    files = MultipleFileField(
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".bib,.bibtex,.txt"}),
        label="Files",
        help_text="One or more .bib files, read as one bibliography in the order chosen: macros (@string) and "
        "crossref parents may sit in files of their own.",
    )
    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 12, "cols": 100}), label="Or paste BibTeX"
    )
    base_url = forms.URLField(
        required=False,
        assume_scheme="https",
        label="Old site's address",
        help_text="Where the bibliography's relative links (pdf = {paper.pdf}) pointed, e.g. https://me.github.io.",
    )

    def clean(self):
        sources = []
        for upload in self.cleaned_data.get("files") or []:
            try:
                sources.append((upload.name, text_of(upload.read())))
            except ValueError as error:
                raise ValidationError(f"{upload.name}: {error}") from error
        if self.cleaned_data.get("text", "").strip():
            sources.append(("pasted text", self.cleaned_data["text"]))
        if problem := too_large(sources):
            raise ValidationError(problem.message)
        if not sources:
            raise ValidationError("Choose a file or paste some BibTeX.")
        self.cleaned_data["sources"] = sources
        return self.cleaned_data


@admin.register(Publication)
class PublicationAdmin(PublicActionsMixin, MarkdownAdminMixin, HistoryAdmin):
    form = PublicationForm
    change_list_template = "admin/publications/publication/change_list.html"
    list_display = ["title", "section", "year", "status", "venue_short", "selected", "is_public"]
    list_filter = ["section", "status", "selected", "is_public", "year"]
    list_select_related = ["section"]
    search_fields = [
        "title",
        "venue_short",
        "venue_full",
        "authorships__person__family_name",
        "authorships__person__given_names",
        "authorships__person__variants__name",
    ]
    inlines = [AuthorshipInline, PublicationLinkInline]
    actions = ["mark_selected", "unmark_selected", "make_public", "make_hidden"]
    fieldsets = [
        (None, {"fields": ["title", "author_list", "section", "status", "selected", "is_public", "order"]}),
        ("Venue", {"fields": ["venue_short", "venue_full", "year", "month", "volume", "number", "pages", "note"]}),
        ("Identifiers", {"fields": ["doi", "arxiv_id", "slug"]}),
        ("Abstract", {"fields": ["abstract"]}),
    ]

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_bibtex_view)
        return [path("import-bibtex/", view, name="publications_publication_import_bibtex"), *super().get_urls()]

    def import_bibtex_view(self, request):
        """Upload or paste BibTeX: a preview first (every problem and warning, nothing written), then the import of
        every entry that can be read. Each runs as a job (publications/tasks.py) on a page that follows it; the
        texts wait in the preview's job between the two."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if "import" in request.POST:
            return self._import_previewed(request)
        form = BibtexImportForm(request.POST if "preview" in request.POST else None, request.FILES or None)
        if form.is_bound and form.is_valid():
            sources = form.cleaned_data["sources"]
            names = ", ".join(name for name, _ in sources)
            job = start(
                import_bibtex_job,
                f"Preview of the import of {names}",
                request.user,
                sources=sources,
                base_url=form.cleaned_data.get("base_url") or None,
                dry_run=True,
            )
            return redirect(job_url(job))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import BibTeX",
            "form": form,
        }
        return TemplateResponse(request, "admin/publications/publication/import_bibtex.html", context)

    def _import_previewed(self, request):
        """The import a preview's button asks for, once: the preview hands its texts over to it."""
        job_id = request.POST.get("job", "")
        preview = Job.objects.filter(
            pk=int(job_id) if job_id.isdigit() else None,
            task_path=import_bibtex_job.module_path,
            state=Job.State.DONE,
            user=request.user,
        ).first()
        arguments = preview.arguments if preview is not None else {}
        with transaction.atomic():  # the texts move to the import, or stay with the preview
            taken = bool(arguments.get("dry_run")) and (
                Job.objects.filter(pk=preview.pk).exclude(arguments={}).update(arguments={}) == 1
            )
            if taken:
                names = ", ".join(name for name, _ in arguments["sources"])
                job = start(import_bibtex_job, f"Import of {names}", request.user, **{**arguments, "dry_run": False})
        if not taken:
            self.message_user(
                request, "That preview was imported already, or is a day old: preview the BibTeX again.", messages.ERROR
            )
            return redirect("admin:publications_publication_import_bibtex")
        return redirect(job_url(job))

    def save_formset(self, request, form, formset, change):
        if formset.model is not Authorship:
            return super().save_formset(request, form, formset, change)
        # Rows may trade positions or people in one save; writing them in place would break "one author per
        # position" between two updates. Changed rows are replaced instead (nothing refers to an authorship).
        changed = formset.save(commit=False)
        Authorship.objects.filter(pk__in=[a.pk for a in [*changed, *formset.deleted_objects] if a.pk]).delete()
        for authorship in changed:
            authorship.pk = None
            authorship.save()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "author_list" in form.changed_data:
            self._replace_authors(request, form.instance, form.cleaned_data["author_list"])

    def _replace_authors(self, request, publication, entries):
        service = PublicationService()
        service.set_authors(publication, [AuthorSpec(entry.name, entry.equal_contribution) for entry in entries])
        if service.new_people:
            self.message_user(request, f"New people added: {', '.join(service.new_people)}.", messages.INFO)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not hasattr(request, "_sections"):  # the changelist asks for its actions more than once a request
            request._sections = list(Section.objects.all())
        for section in request._sections:
            name = f"move_to_section_{section.pk}"
            actions[name] = (self._mover(section), name, f"Move to section “{section.name}”")
        return actions

    @staticmethod
    def _mover(section):
        def move(modeladmin, request, queryset):
            modeladmin.bulk_update(
                request, queryset, f"Moved {{count}} publication(s) to “{section.name}”.", section=section
            )

        return move

    @admin.action(description="Mark as selected")
    def mark_selected(self, request, queryset):
        self.bulk_update(request, queryset, "Marked {count} publication(s) as selected.", selected=True)

    @admin.action(description="Unmark as selected")
    def unmark_selected(self, request, queryset):
        self.bulk_update(request, queryset, "Unmarked {count} publication(s).", selected=False)
