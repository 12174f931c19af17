from django import template

from key_results.numbers import display_number

register = template.Library()

register.filter("number", display_number)
