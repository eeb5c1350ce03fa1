namespace Sodimo.Crm.Domain.Schema;

/// <summary>
/// The data of <see cref="SodimoSchema.Current"/>: the brief's table ("Objects and custom fields") and its two
/// pipelines. Type choices and standard-field ownership are explained in docs/adr/field-types.md, the pipeline shape in
/// docs/adr/pipelines-on-opportunity.md.
/// </summary>
internal static class SodimoSchemaDefinition
{
    private const string Eur = "EUR";

    public static IReadOnlyList<Pipeline> Pipelines { get; } =
    [
        new Pipeline
        {
            Name = PipelineNames.NewLeadsWine,
            Value = "NEW_LEADS_WINE",
            StageFieldSodimoName = SodimoFieldNames.NewLeadsStage,
            StageFieldTwentyName = "newLeadsStage",
            // The brief gives no rotting thresholds for this pipeline: off by default, configurable (HealthPolicy).
            Stages =
            [
                new PipelineStage("Lead Received", "LEAD_RECEIVED", 0, null, TwentyColor.Sky),
                new PipelineStage("Qualification", "QUALIFICATION", 1, null, TwentyColor.Blue),
                new PipelineStage("Product & Price Presentation", "PRODUCT_AND_PRICE_PRESENTATION", 2, null, TwentyColor.Turquoise),
                new PipelineStage("Follow-up / Feedback", "FOLLOW_UP_FEEDBACK", 3, null, TwentyColor.Purple),
                new PipelineStage("Negotiation", "NEGOTIATION", 4, null, TwentyColor.Orange),
                new PipelineStage("Order Confirmation", "ORDER_CONFIRMATION", 5, null, TwentyColor.Yellow),
                new PipelineStage("Delivery & Onboarding", "DELIVERY_AND_ONBOARDING", 6, null, TwentyColor.Pink),
                new PipelineStage("Post-Sale Follow-Up", "POST_SALE_FOLLOW_UP", 7, null, TwentyColor.Green),
            ],
        },
        new Pipeline
        {
            Name = PipelineNames.ExportClients,
            Value = "EXPORT_CLIENTS",
            StageFieldSodimoName = SodimoFieldNames.ExportClientsStage,
            StageFieldTwentyName = "exportClientsStage",
            Stages =
            [
                new PipelineStage("Order received", "ORDER_RECEIVED", 0, TimeSpan.FromDays(1), TwentyColor.Sky),
                new PipelineStage("Proforma Sent", "PROFORMA_SENT", 1, TimeSpan.FromDays(3), TwentyColor.Blue),
                new PipelineStage("Proforma confirmed", "PROFORMA_CONFIRMED", 2, TimeSpan.FromDays(1), TwentyColor.Purple),
                new PipelineStage("Payment", "PAYMENT", 3, TimeSpan.FromDays(3), TwentyColor.Orange),
                new PipelineStage("Waiting for delivery", "WAITING_FOR_DELIVERY", 4, TimeSpan.FromDays(5), TwentyColor.Green),
            ],
        },
    ];

    public static IReadOnlyList<SelectOption> HealthOptions { get; } =
    [
        new SelectOption("GREEN", "Green", TwentyColor.Green, 0),
        new SelectOption("YELLOW", "Yellow", TwentyColor.Yellow, 1),
        new SelectOption("RED", "Red", TwentyColor.Red, 2),
    ];

    public static IReadOnlyList<SodimoObject> Objects { get; } =
    [
        Company(),
        Person(),
        Opportunity(),
        DeltaAlert(),
    ];

    private static SodimoObject Company()
    {
        const string o = SodimoObjectNames.Company;
        return new SodimoObject
        {
            Name = o,
            NameSingular = "company",
            NamePlural = "companies",
            LabelSingular = "Company",
            LabelPlural = "Companies",
            IsCustom = false,
            Description = "A Sodimo client or prospect; joined to Sodiwin on client_code.",
            Icon = "IconBuildingSkyscraper",
            Fields =
            [
                Standard(o, "name", "name", "Name", TwentyFieldType.Text, FieldOrigin.Sodiwin,
                    "Sodiwin's raison sociale; set when the sync creates the company, Twenty's value wins after.", atCreation: true),
                Standard(o, "billing_address", "address", "Address", TwentyFieldType.Address, FieldOrigin.Sodiwin,
                    "Billing address from Sodiwin; set when the sync creates the company, Twenty's value wins after.", atCreation: true),
                Custom(o, SodimoFieldNames.ClientCode, "clientCode", "Client code", TwentyFieldType.Text, FieldOrigin.Sodiwin,
                    "Join key to the Sodiwin client dump (CODE_CLIENT).", "IconKey") with { IsUnique = true },
                Custom(o, "category", "category", "Category", TwentyFieldType.Text, FieldOrigin.Sodiwin,
                    "Sodiwin account category (CATEGORIE).", "IconCategory"),
                // "type" is reserved by Twenty (RESERVED_METADATA_NAME_KEYWORDS).
                Custom(o, "type", "accountType", "Account type", TwentyFieldType.Text, FieldOrigin.Sodiwin,
                    "Sodiwin account type (TYPE_COMPTE).", "IconTag"),
                Custom(o, "delivery_address", "deliveryAddress", "Delivery address", TwentyFieldType.Address, FieldOrigin.Twenty,
                    "Where goods are delivered; distinct from the billing address.", "IconTruckDelivery"),
                Custom(o, "accise_1", "accise1", "Accise 1", TwentyFieldType.Text, FieldOrigin.Twenty,
                    "Alcohol excise duty regime (first).", "IconReceiptTax"),
                Custom(o, "accise_2", "accise2", "Accise 2", TwentyFieldType.Text, FieldOrigin.Twenty,
                    "Alcohol excise duty regime (second).", "IconReceiptTax"),
                Custom(o, "ar_balance", "arBalance", "AR balance", TwentyFieldType.Currency, FieldOrigin.Sodiwin,
                    "Accounts receivable balance (SOLDE), read-only from Twenty.", "IconCash") with { CurrencyCode = Eur },
                Custom(o, "ar_aging_bucket", "arAgingBucket", "AR aging bucket", TwentyFieldType.Select, FieldOrigin.Sodiwin,
                    "Age of the oldest unpaid amount (TRANCHE_AGE), read-only from Twenty.", "IconHourglass") with
                {
                    Options =
                    [
                        new SelectOption("NOT_DUE", "Not due", TwentyColor.Green, 0, "NON_ECHU"),
                        new SelectOption("DAYS_0_30", "0-30 days", TwentyColor.Turquoise, 1, "0-30"),
                        new SelectOption("DAYS_31_60", "31-60 days", TwentyColor.Yellow, 2, "31-60"),
                        new SelectOption("DAYS_61_90", "61-90 days", TwentyColor.Orange, 3, "61-90"),
                        new SelectOption("DAYS_90_PLUS", "Over 90 days", TwentyColor.Red, 4, "90+"),
                    ],
                },
                Custom(o, "ar_last_payment_at", "arLastPaymentAt", "AR last payment", TwentyFieldType.Date, FieldOrigin.Sodiwin,
                    "Date of the last payment received (DATE_DERNIER_REGLEMENT).", "IconCalendarDollar"),
                Custom(o, "brand_exclusivity", "brandExclusivity", "Brand exclusivity", TwentyFieldType.Array, FieldOrigin.Sodiwin,
                    "Which of Sodimo's brands the client has exclusively (EXCLUSIVITES).", "IconAward"),
                Custom(o, "brand_contract_expiry", "brandContractExpiry", "Brand contract expiry", TwentyFieldType.Date, FieldOrigin.Sodiwin,
                    "When the exclusivity contract ends (DATE_FIN_CONTRAT).", "IconCalendarX"),
                Custom(o, "halal_cert", "halalCert", "Halal certified", TwentyFieldType.Boolean, FieldOrigin.Twenty,
                    "Whether the client holds a halal certificate.", "IconCertificate"),
                Custom(o, "halal_cert_expiry", "halalCertExpiry", "Halal cert expiry", TwentyFieldType.Date, FieldOrigin.Twenty,
                    "When the halal certificate must be renewed.", "IconCalendarDue"),
                Custom(o, "last_order_date", "lastOrderDate", "Last order date", TwentyFieldType.Date, FieldOrigin.Sodiwin,
                    "Date of the last Sodiwin order (DATE_DERNIERE_CDE), denormalised.", "IconCalendarEvent"),
                Custom(o, "last_order_amount", "lastOrderAmount", "Last order amount", TwentyFieldType.Currency, FieldOrigin.Sodiwin,
                    "Amount of the last Sodiwin order (MONTANT_DERNIERE_CDE), denormalised.", "IconCurrencyEuro") with { CurrencyCode = Eur },
                Custom(o, "last_order_top_skus", "lastOrderTopSkus", "Last order top SKUs", TwentyFieldType.Array, FieldOrigin.Sodiwin,
                    "Top article codes of the last Sodiwin order (TOP_ARTICLES), denormalised.", "IconListNumbers"),
            ],
        };
    }

    private static SodimoObject Person()
    {
        const string o = SodimoObjectNames.Person;
        return new SodimoObject
        {
            Name = o,
            NameSingular = "person",
            NamePlural = "people",
            LabelSingular = "Person",
            LabelPlural = "People",
            IsCustom = false,
            Description = "A contact at a client or prospect.",
            Icon = "IconUser",
            Fields =
            [
                Standard(o, "name", "name", "Name", TwentyFieldType.FullName, FieldOrigin.Twenty, "The contact's first and last name."),
                Standard(o, "emails", "emails", "Emails", TwentyFieldType.Emails, FieldOrigin.Twenty, "The contact's e-mail addresses."),
                Standard(o, "phones", "phones", "Phones", TwentyFieldType.Phones, FieldOrigin.Twenty, "The contact's phone numbers."),
            ],
        };
    }

    private static SodimoObject Opportunity()
    {
        const string o = SodimoObjectNames.Opportunity;
        var pipelineOptions = Pipelines
            .Select((p, i) => new SelectOption(p.Value, p.Name, i == 0 ? TwentyColor.Purple : TwentyColor.Blue, i))
            .ToArray();
        return new SodimoObject
        {
            Name = o,
            NameSingular = "opportunity",
            NamePlural = "opportunities",
            LabelSingular = "Opportunity",
            LabelPlural = "Opportunities",
            IsCustom = false,
            Description = "A deal, in one of Sodimo's two pipelines.",
            Icon = "IconTargetArrow",
            Fields =
            [
                Standard(o, "name", "name", "Name", TwentyFieldType.Text, FieldOrigin.Twenty, "The deal's title."),
                Standard(o, "amount", "amount", "Amount", TwentyFieldType.Currency, FieldOrigin.Twenty, "The deal's expected amount."),
                Standard(o, "close_date", "closeDate", "Close date", TwentyFieldType.DateTime, FieldOrigin.Twenty, "When the deal is expected to close."),
                Standard(o, "stage", "stage", "Stage", TwentyFieldType.Select, FieldOrigin.Twenty,
                    "Twenty's generic stage; Sodimo's pipelines use their own stage fields."),
                Custom(o, SodimoFieldNames.ClientCode, "clientCode", "Client code", TwentyFieldType.Text, FieldOrigin.Sodiwin,
                    "Sodiwin client code, denormalised from the company for join-free lookups.", "IconKey"),
                Custom(o, SodimoFieldNames.SodiwinNumeroCommande, "sodiwinNumeroCommande", "Sodiwin order number", TwentyFieldType.Text,
                    FieldOrigin.Sodiwin, "Sodiwin's numero de commande, set once a commande is issued.", "IconFileInvoice"),
                Custom(o, SodimoFieldNames.Pipeline, "pipeline", "Pipeline", TwentyFieldType.Select, FieldOrigin.Twenty,
                    "Which of Sodimo's pipelines the deal is in.", "IconLayoutKanban") with { Options = pipelineOptions },
                .. Pipelines.Select(p => Custom(o, p.StageFieldSodimoName, p.StageFieldTwentyName, p.Name + " stage",
                    TwentyFieldType.Select, FieldOrigin.Twenty, $"The deal's stage in the {p.Name} pipeline.", "IconProgress") with
                {
                    Options = p.Stages.Select(s => new SelectOption(s.Value, s.Name, s.Color, s.Position)).ToArray(),
                }),
                Custom(o, SodimoFieldNames.StageEnteredAt, "stageEnteredAt", "Stage entered at", TwentyFieldType.DateTime, FieldOrigin.Workflow,
                    "When the deal entered its current stage; set on every stage change.", "IconClockPlay"),
                Custom(o, SodimoFieldNames.Health, "health", "Health", TwentyFieldType.Select, FieldOrigin.Workflow,
                    "Green, yellow or red: how long the deal has been in its stage against the stage's rotting threshold.", "IconHeartbeat") with
                {
                    Options = HealthOptions,
                },
            ],
        };
    }

    private static SodimoObject DeltaAlert()
    {
        const string o = SodimoObjectNames.DeltaAlert;
        return new SodimoObject
        {
            Name = o,
            NameSingular = "deltaAlert",
            NamePlural = "deltaAlerts",
            LabelSingular = "Delta Alert",
            LabelPlural = "Delta Alerts",
            IsCustom = true,
            Description = "One row per alert raised on a client's Sodiwin data (definition pending, D-126).",
            Icon = "IconAlertTriangle",
            Fields =
            [
                // Every custom object gets a TEXT "name" from Twenty; Sodimo uses it as the alert's title.
                Standard(o, "name", "name", "Name", TwentyFieldType.Text, FieldOrigin.Sodiwin, "The alert's title."),
                // Kinds are pending (D-126): TEXT until the list is settled, so a new kind needs no schema change.
                Custom(o, "kind", "kind", "Kind", TwentyFieldType.Text, FieldOrigin.Sodiwin, "What changed (kinds pending, D-126).", "IconCategory"),
                Custom(o, "threshold", "threshold", "Threshold", TwentyFieldType.Number, FieldOrigin.Sodiwin,
                    "The threshold the change crossed.", "IconRuler"),
                Custom(o, "detected_at", "detectedAt", "Detected at", TwentyFieldType.DateTime, FieldOrigin.Sodiwin,
                    "When the change was detected.", "IconClock"),
                Custom(o, SodimoFieldNames.CompanyId, "company", "Company", TwentyFieldType.Relation, FieldOrigin.Sodiwin,
                    "The company the alert is about.", "IconBuildingSkyscraper") with
                {
                    Relation = new FieldRelation(SodimoObjectNames.Company, "deltaAlerts", "Delta Alerts"),
                },
            ],
        };
    }

    private static SodimoField Custom(
        string objectName, string sodimoName, string twentyName, string label, TwentyFieldType type, FieldOrigin origin,
        string description, string icon) => new()
        {
            ObjectName = objectName,
            SodimoName = sodimoName,
            TwentyName = twentyName,
            Label = label,
            Type = type,
            Origin = origin,
            Description = description,
            Icon = icon,
        };

    private static SodimoField Standard(
        string objectName, string sodimoName, string twentyName, string label, TwentyFieldType type, FieldOrigin origin,
        string description, bool atCreation = false) => new()
        {
            ObjectName = objectName,
            SodimoName = sodimoName,
            TwentyName = twentyName,
            Label = label,
            Type = type,
            Origin = origin,
            Description = description,
            IsStandard = true,
            SetOnlyAtCreation = atCreation,
        };
}
