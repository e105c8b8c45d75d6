from django import template

from crm import access

register = template.Library()


@register.filter
def is_coordinator(user):
    return access.is_coordinator(user)


@register.filter
def is_staff_member(user):
    return access.is_staff_member(user)


@register.filter
def is_regional(user):
    return access.is_regional(user)
