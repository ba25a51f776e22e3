"""Template filters every app's templates use: {% load core_tags %}."""

from django import template
from django.utils.html import conditional_escape, format_html

from core.corrections import CorrectionForm, subject_key
from core.formatting import format_money, format_number
from core.fragments import kept_or_rendered
from core.models import is_stale
from core.validators import is_http_url

register = template.Library()


@register.filter
def page_links(page):
    """The page numbers a list's pagination shows: the first, the last and two either side
    of this one, with Paginator.ELLIPSIS for the pages left out (10,000 programs are 500
    pages: a link to each was a wall of numbers and most of the page's render)."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


@register.filter
def number(value):
    """{{ figure.value|number }} → '140,000'."""
    return format_number(value)


@register.filter
def money(amount, currency="USD"):
    """{{ amount|money:'USD' }} → '$136,620'."""
    return format_money(amount, currency)


@register.filter
def stale(last_verified):
    """{% if item.last_verified|stale %}: checked longer ago than STALE_AFTER_DAYS."""
    return bool(last_verified) and is_stale(last_verified)


@register.inclusion_tag("includes/correction_form.html", takes_context=True)
def correction_form(context, subject):
    """{% correction_form program %}: the "Suggest a correction" form for `subject`."""
    request = context["request"]
    form = CorrectionForm(initial={"subject": subject_key(subject), "page": request.path})
    return {"form": form, "request": request}


@register.filter
def external_link(url, text):
    """{{ source.url|external_link:source.title }}: a link to another site when `url` is an
    http(s) address; otherwise just the text, so a javascript: or data: address stored some
    other way is never a live link. Every template links other sites through here."""
    if not is_http_url(url):
        return conditional_escape(text)
    return format_html('<a href="{}" rel="external noopener">{}</a>', url.strip(), text)


class KeptNode(template.Node):
    def __init__(self, obj, nodelist):
        self.obj, self.nodelist = obj, nodelist

    def render(self, context):
        return kept_or_rendered(self.obj.resolve(context), lambda: self.nodelist.render(context))


@register.tag
def kept(parser, token):
    """{% kept obj %}…{% endkept %}: what the view found kept for obj, or the content
    rendered and kept for the next visitor (core/fragments.py)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% kept %} takes one object: {% kept program %}")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(parser.compile_filter(bits[1]), nodelist)
