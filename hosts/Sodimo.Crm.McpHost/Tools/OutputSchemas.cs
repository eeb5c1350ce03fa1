namespace Sodimo.Crm.McpHost.Tools;

/// <summary>The JSON schemas of the tools' structured results (snake_case, as <c>McpHostJsonContext</c> writes them).</summary>
internal static class OutputSchemas
{
    private const string Attribution = """
        "run_id": { "type": "string", "description": "The run id recorded in the ledger; reuse it on your next writes." },
        "skill": { "type": "string" },
        "run_id_assigned": { "type": "boolean", "description": "True when the host assigned the run id because none was given." },
        "replayed": { "type": "boolean", "description": "True when this is the stored result of an earlier call with the same idempotency_key." }
        """;

    private const string Touched = """
        { "type": "array", "items": { "type": "object", "properties": {
            "object": { "type": "string", "description": "person, company, deal, note, task or a link record." },
            "id": { "type": "string", "format": "uuid" },
            "action": { "type": "string", "description": "created, updated or linked." } },
          "required": ["object", "id", "action"] } }
        """;

    public const string DealPage = """
        {
          "type": "object",
          "properties": {
            "deals": { "type": "array", "items": {
              "type": "object",
              "properties": {
                "id": { "type": "string", "format": "uuid" },
                "name": { "type": "string" },
                "pipeline": { "type": "string" },
                "stage": { "type": "string" },
                "health": { "type": "string", "enum": ["green", "yellow", "red"] },
                "amount": { "type": "number" },
                "currency": { "type": "string" },
                "client_code": { "type": "string" },
                "sodiwin_numero_commande": { "type": "string" },
                "company_id": { "type": "string", "format": "uuid" },
                "stage_entered_at": { "type": "string", "format": "date-time" },
                "close_date": { "type": "string", "format": "date-time" },
                "updated_at": { "type": "string", "format": "date-time" }
              },
              "required": ["id", "name"] } },
            "next_cursor": { "type": "string", "description": "Pass as cursor to get the next page; absent on the last page." },
            "total_count": { "type": "integer", "description": "How many deals match in all, when Twenty says." }
          },
          "required": ["deals"]
        }
        """;

    public const string Contact = """
        {
          "type": "object",
          "properties": {
            "contact": {
              "type": "object",
              "properties": {
                "id": { "type": "string", "format": "uuid" },
                "first_name": { "type": "string" },
                "last_name": { "type": "string" },
                "email": { "type": "string" },
                "additional_emails": { "type": "array", "items": { "type": "string" } },
                "phone": { "type": "string" },
                "job_title": { "type": "string" },
                "city": { "type": "string" },
                "company": {
                  "type": "object",
                  "properties": {
                    "id": { "type": "string", "format": "uuid" },
                    "name": { "type": "string" },
                    "client_code": { "type": "string" },
                    "fields": { "type": "object", "description": "The company's Sodimo fields by Sodimo name (ar_balance, ar_aging_bucket, brand_exclusivity, halal_cert, last_order_date...)." }
                  },
                  "required": ["id", "name"]
                },
                "updated_at": { "type": "string", "format": "date-time" }
              },
              "required": ["id"]
            }
          },
          "required": ["contact"]
        }
        """;

    public const string UpsertContact = $$"""
        {
          "type": "object",
          "properties": {
            {{Attribution}},
            "contact_id": { "type": "string", "format": "uuid" },
            "contact_created": { "type": "boolean" },
            "company_id": { "type": "string", "format": "uuid" },
            "company_created": { "type": "boolean" },
            "touched": {{Touched}}
          },
          "required": ["run_id", "skill", "run_id_assigned", "contact_id", "contact_created", "company_created", "touched", "replayed"]
        }
        """;

    public const string AdvanceStage = $$"""
        {
          "type": "object",
          "properties": {
            {{Attribution}},
            "deal_id": { "type": "string", "format": "uuid" },
            "pipeline": { "type": "string" },
            "from_stage": { "type": "string" },
            "to_stage": { "type": "string" },
            "changed": { "type": "boolean", "description": "False when the deal was already in that stage." },
            "stage_entered_at": { "type": "string", "format": "date-time" }
          },
          "required": ["run_id", "skill", "run_id_assigned", "deal_id", "pipeline", "to_stage", "changed", "replayed"]
        }
        """;

    public const string AddActivity = $$"""
        {
          "type": "object",
          "properties": {
            {{Attribution}},
            "activity_id": { "type": "string", "format": "uuid" },
            "kind": { "type": "string", "enum": ["note", "task"] },
            "linked_to": {{Touched}}
          },
          "required": ["run_id", "skill", "run_id_assigned", "activity_id", "kind", "linked_to", "replayed"]
        }
        """;

    public const string Search = """
        {
          "type": "object",
          "properties": {
            "hits": { "type": "array", "items": {
              "type": "object",
              "properties": {
                "object": { "type": "string", "enum": ["person", "company", "deal"] },
                "id": { "type": "string", "format": "uuid" },
                "label": { "type": "string" },
                "detail": { "type": "string" }
              },
              "required": ["object", "id", "label"] } },
            "next_cursor": { "type": "string" }
          },
          "required": ["hits"]
        }
        """;
}
