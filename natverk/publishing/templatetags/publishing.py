from django import template

from natverk.publishing.sentences import member_list

register = template.Library()


@register.simple_tag
def members_sentence(memberships) -> str:
    return member_list(list(memberships))
