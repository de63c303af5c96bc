# Parsing a webhook's JSON response with the allowed helpers and methods only.
def run():
    data = json_loads({{webhook.response}})
    if not is_dict(data):
        print("webhook returned no JSON object")
        return False
    status = str(data.get("status", "")).lower()
    items = data.get("items", [])
    {{custom.item_count}} = len(items) if is_list(items) else 0
    print("status:", status, "items:", {{custom.item_count}})
    return status == "ok" and {{custom.item_count}} > 0
