"""The building blocks of the package's Table Schemas: a field, a foreign key, the length of
a model's column (the package allows no more)."""


def refers(column, resource, key):
    """A Table Schema foreign key from `column` to `resource`.`key`."""
    return {"fields": [column], "reference": {"resource": resource, "fields": [key]}}


def longest(column) -> int:
    """The most characters the model's column holds: the package allows no more."""
    return column.type.length


def f(name, type_, title, description, *, required=False, fmt=None, **constraints):
    """One Table Schema field; `constraints` are pattern, enum, minimum, maximum, maxLength."""
    field = {"name": name, "type": type_, "title": title, "description": description}
    if fmt:
        field["format"] = fmt
    field["constraints"] = {"required": required, **constraints}
    return field
