"""Comparing a reading with an expected reading that names only the fields it is sure of."""


def subset(value, like):
    """`value` cut down to the keys that `like` has, recursively."""
    if isinstance(like, dict) and isinstance(value, dict):
        return {key: subset(value.get(key), like[key]) for key in like}
    if isinstance(like, list) and isinstance(value, list) and len(like) == len(value):
        return [subset(v, g) for v, g in zip(value, like, strict=True)]
    return value


def differences(reading: dict, expected: dict) -> list[str]:
    """Every field where the reading differs from what is expected, as readable lines."""
    found = []
    for key in ("page", "page_findings"):
        if key in expected and subset(reading[key], expected[key]) != expected[key]:
            found.append(
                f"{key}: expected {expected[key]!r}, read {subset(reading[key], expected[key])!r}"
            )
    if "referenced_bodies" in expected:
        got = subset(reading["referenced_bodies"], expected["referenced_bodies"])
        if got != expected["referenced_bodies"]:
            wanted = expected["referenced_bodies"]
            found.append(f"referenced_bodies: expected {wanted!r}, read {got!r}")
    if "networks" in expected:
        names = [n["name"] for n in reading["networks"]]
        wanted = [n["name"] for n in expected["networks"]]
        if names != wanted:
            found.append(f"network names: expected {wanted!r}, read {names!r}")
        by_name = {n["name"]: n for n in reading["networks"]}
        for network in expected["networks"]:
            read = by_name.get(network["name"])
            if read is None:
                continue
            for field, value in network.items():
                if subset(read.get(field), value) != value:
                    read_value = read.get(field)
                    found.append(
                        f"{network['name']} {field}:\n  expected {value!r}\n  read {read_value!r}"
                    )
    return found
