# Two booleans route by index: (True, _) -> "qualified", (False, True) -> "nurture", (False, False) -> "otherwise".
def run():
    lead = json_loads(coalesce(input_1, "{}"))
    score = get_path(lead, "score", 0)
    tags = []
    for tag in str(get_path(lead, "tags", "")).split(","):
        tags.append(tag.strip().lower())
    qualified = is_number(score) and score >= 70
    nurture = not qualified and "newsletter" in tags
    {{custom.lead.score}} = score
    return (qualified, nurture)
