using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Core;

/// <summary>
/// The standard objects of a fresh Twenty 2.x workspace (API-FACTS §4): person, company, opportunity, note, task,
/// noteTarget, taskTarget (1.17+ <c>target*Id</c> morph names) and workspaceMember. Only fields the APIs expose are
/// modelled; favorites, attachments, timeline activities and messaging relations are left out.
/// </summary>
internal static class StandardObjects
{
    /// <summary>Id of the workspace member seeded in every fresh workspace.</summary>
    public static readonly Guid DefaultWorkspaceMemberId = Guid.Parse("20202020-0687-4c41-b707-ed1bfca972a7");

    public static List<ObjectMetadata> Create(DateTimeOffset now)
    {
        var person = Obj("person", "people", "Person", "People", "IconUser", now);
        var company = Obj("company", "companies", "Company", "Companies", "IconBuildingSkyscraper", now);
        var opportunity = Obj("opportunity", "opportunities", "Opportunity", "Opportunities", "IconTargetArrow", now);
        var note = Obj("note", "notes", "Note", "Notes", "IconNotes", now);
        var task = Obj("task", "tasks", "Task", "Tasks", "IconCheckbox", now);
        var noteTarget = Obj("noteTarget", "noteTargets", "Note Target", "Note Targets", "IconCheckbox", now, isSystem: true);
        var taskTarget = Obj("taskTarget", "taskTargets", "Task Target", "Task Targets", "IconCheckbox", now, isSystem: true);
        var member = Obj("workspaceMember", "workspaceMembers", "Workspace Member", "Workspace Members", "IconUserCircle", now, isSystem: true);

        // person
        AddBase(person, now, labelField: F("name", "Name", FieldMetadataType.FullName, Composite(FieldMetadataType.FullName)));
        Add(person, now,
            Unique(F("emails", "Emails", FieldMetadataType.Emails, Composite(FieldMetadataType.Emails))),
            F("linkedinLink", "Linkedin", FieldMetadataType.Links, Composite(FieldMetadataType.Links)),
            F("xLink", "X", FieldMetadataType.Links, Composite(FieldMetadataType.Links)),
            F("jobTitle", "Job Title", FieldMetadataType.Text, Quoted(""), nullable: false),
            F("phones", "Phones", FieldMetadataType.Phones, Composite(FieldMetadataType.Phones)),
            F("city", "City", FieldMetadataType.Text, Quoted(""), nullable: false),
            F("avatarUrl", "Avatar", FieldMetadataType.Text, Quoted(""), nullable: false, system: true));
        AddTrailer(person, now);

        // company
        AddBase(company, now, labelField: F("name", "Name", FieldMetadataType.Text, Quoted(""), nullable: false));
        Add(company, now,
            Unique(F("domainName", "Domain Name", FieldMetadataType.Links, Composite(FieldMetadataType.Links))),
            F("employees", "Employees", FieldMetadataType.Number, null),
            F("linkedinLink", "Linkedin", FieldMetadataType.Links, Composite(FieldMetadataType.Links)),
            F("xLink", "X", FieldMetadataType.Links, Composite(FieldMetadataType.Links)),
            F("annualRecurringRevenue", "ARR", FieldMetadataType.Currency, Composite(FieldMetadataType.Currency)),
            F("address", "Address", FieldMetadataType.Address, Composite(FieldMetadataType.Address)),
            F("idealCustomerProfile", "ICP", FieldMetadataType.Boolean, JsonValue.Create(false), nullable: false));
        AddTrailer(company, now);

        // opportunity
        AddBase(opportunity, now, labelField: F("name", "Name", FieldMetadataType.Text, Quoted(""), nullable: false));
        var stage = F("stage", "Stage", FieldMetadataType.Select, Quoted("NEW"), nullable: false);
        stage.Options = Options(("NEW", "New", "red"), ("SCREENING", "Screening", "purple"), ("MEETING", "Meeting", "sky"),
            ("PROPOSAL", "Proposal", "turquoise"), ("CUSTOMER", "Customer", "yellow"));
        Add(opportunity, now,
            F("amount", "Amount", FieldMetadataType.Currency, Composite(FieldMetadataType.Currency)),
            F("closeDate", "Close date", FieldMetadataType.DateTime, null),
            stage);
        AddTrailer(opportunity, now);

        // note
        AddBase(note, now, labelField: F("title", "Title", FieldMetadataType.Text, Quoted(""), nullable: false));
        Add(note, now, F("bodyV2", "Body", FieldMetadataType.RichTextV2, Composite(FieldMetadataType.RichTextV2)));
        AddTrailer(note, now);

        // task
        AddBase(task, now, labelField: F("title", "Title", FieldMetadataType.Text, Quoted(""), nullable: false));
        var status = F("status", "Status", FieldMetadataType.Select, Quoted("TODO"));
        status.Options = Options(("TODO", "To do", "sky"), ("IN_PROGRESS", "In progress", "purple"), ("DONE", "Done", "green"));
        Add(task, now,
            F("body", "Body (deprecated)", FieldMetadataType.Text, Quoted(""), nullable: false),
            F("bodyV2", "Body", FieldMetadataType.RichTextV2, Composite(FieldMetadataType.RichTextV2)),
            F("dueAt", "Due Date", FieldMetadataType.DateTime, null),
            status);
        AddTrailer(task, now);

        // noteTarget / taskTarget: no label field of their own
        AddBase(noteTarget, now, labelField: null);
        AddBase(taskTarget, now, labelField: null);

        // workspaceMember
        AddBase(member, now, labelField: F("name", "Name", FieldMetadataType.FullName, Composite(FieldMetadataType.FullName)));
        var colorScheme = F("colorScheme", "Color Scheme", FieldMetadataType.Text, Quoted("System"), nullable: false);
        var dateFormat = F("dateFormat", "Date format", FieldMetadataType.Select, Quoted("SYSTEM"), nullable: false);
        dateFormat.Options = Options(("SYSTEM", "System", "turquoise"), ("MONTH_FIRST", "Month First", "red"),
            ("DAY_FIRST", "Day First", "purple"), ("YEAR_FIRST", "Year First", "sky"));
        var timeFormat = F("timeFormat", "Time format", FieldMetadataType.Select, Quoted("SYSTEM"), nullable: false);
        timeFormat.Options = Options(("SYSTEM", "System", "sky"), ("HOUR_24", "24h", "red"), ("HOUR_12", "12h", "purple"));
        Add(member, now,
            F("userEmail", "User Email", FieldMetadataType.Text, Quoted(""), nullable: false),
            F("avatarUrl", "Avatar Url", FieldMetadataType.Text, Quoted(""), nullable: false),
            colorScheme,
            F("locale", "Language", FieldMetadataType.Text, Quoted("en"), nullable: false),
            F("timeZone", "Time zone", FieldMetadataType.Text, Quoted("system"), nullable: false),
            dateFormat,
            timeFormat,
            F("userId", "User Id", FieldMetadataType.Uuid, null, nullable: false, system: true),
            F("position", "Position", FieldMetadataType.Position, JsonValue.Create(0), nullable: false, system: true));

        // relations (MANY_TO_ONE side first, ONE_TO_MANY inverse on the target)
        Relate(person, "company", "Company", company, "people", "People", "SET_NULL", now);
        Relate(company, "accountOwner", "Account Owner", member, "accountOwnerForCompanies", "Account Owner For Companies", "SET_NULL", now);
        Relate(opportunity, "pointOfContact", "Point of Contact", person, "pointOfContactForOpportunities", "Linked Opportunities", "SET_NULL", now);
        Relate(opportunity, "company", "Company", company, "opportunities", "Opportunities", "SET_NULL", now);
        Relate(opportunity, "owner", "Owner", member, "ownedOpportunities", "Owned Opportunities", "SET_NULL", now);
        Relate(task, "assignee", "Assignee", member, "assignedTasks", "Assigned Tasks", "SET_NULL", now);
        Relate(noteTarget, "note", "Note", note, "noteTargets", "Notes", "CASCADE", now);
        Relate(taskTarget, "task", "Task", task, "taskTargets", "Tasks", "CASCADE", now);
        foreach (var target in new[] { person, company, opportunity })
        {
            // Since 1.17 the targets are MORPH_RELATION fields target<Object> with join column target<Object>Id.
            // UNCONFIRMED: onDelete of a morph target; CASCADE chosen (a target row without its target is useless).
            AddTargetRelations(noteTarget, taskTarget, target, now);
        }

        return [person, company, opportunity, note, task, noteTarget, taskTarget, member];
    }

    /// <summary>Morph target fields on noteTarget and taskTarget for <paramref name="target"/> (also used for custom objects).</summary>
    public static void AddTargetRelations(ObjectMetadata noteTarget, ObjectMetadata taskTarget, ObjectMetadata target, DateTimeOffset now)
    {
        var cap = target.CapitalSingular;
        Relate(noteTarget, "target" + cap, target.LabelSingular, target, "noteTargets", "Notes", "CASCADE", now, FieldMetadataType.MorphRelation);
        Relate(taskTarget, "target" + cap, target.LabelSingular, target, "taskTargets", "Tasks", "CASCADE", now, FieldMetadataType.MorphRelation);
    }

    /// <summary>A new object with only its id; callers add fields.</summary>
    public static ObjectMetadata Obj(string singular, string plural, string labelSingular, string labelPlural, string icon,
        DateTimeOffset now, bool isSystem = false, bool isCustom = false) => new()
    {
        NameSingular = singular,
        NamePlural = plural,
        LabelSingular = labelSingular,
        LabelPlural = labelPlural,
        Icon = icon,
        IsSystem = isSystem,
        IsCustom = isCustom,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>
    /// Base fields of every object: id, the label-identifier field, createdAt, updatedAt, deletedAt
    /// (position / createdBy / updatedBy are added by <see cref="AddTrailer"/>).
    /// </summary>
    public static void AddBase(ObjectMetadata obj, DateTimeOffset now, FieldMetadata? labelField)
    {
        Add(obj, now, F("id", "Id", FieldMetadataType.Uuid, JsonValue.Create("uuid"), nullable: false, system: true));
        if (labelField is not null)
        {
            Add(obj, now, labelField);
            obj.LabelIdentifierFieldMetadataId = labelField.Id;
        }

        Add(obj, now,
            F("createdAt", "Creation date", FieldMetadataType.DateTime, JsonValue.Create("now"), nullable: false),
            F("updatedAt", "Last update", FieldMetadataType.DateTime, JsonValue.Create("now"), nullable: false),
            F("deletedAt", "Deleted at", FieldMetadataType.DateTime, null));
    }

    /// <summary>position, createdBy and updatedBy.</summary>
    public static void AddTrailer(ObjectMetadata obj, DateTimeOffset now)
    {
        var createdBy = F("createdBy", "Created by", FieldMetadataType.Actor, Composite(FieldMetadataType.Actor), nullable: false);
        createdBy.IsUIReadOnly = true;
        var updatedBy = F("updatedBy", "Updated by", FieldMetadataType.Actor, Composite(FieldMetadataType.Actor), nullable: false);
        updatedBy.IsUIReadOnly = true;
        Add(obj, now,
            F("position", "Position", FieldMetadataType.Position, JsonValue.Create(0), nullable: false, system: true),
            createdBy,
            updatedBy);
    }

    public static void Add(ObjectMetadata obj, DateTimeOffset now, params FieldMetadata[] fields)
    {
        foreach (var f in fields)
        {
            f.ObjectMetadataId = obj.Id;
            f.IsCustom = obj.IsCustom && f.IsCustom;
            f.CreatedAt = now;
            f.UpdatedAt = now;
            obj.Fields.Add(f);
        }
    }

    public static void Relate(ObjectMetadata from, string name, string label, ObjectMetadata to, string inverseName,
        string inverseLabel, string onDelete, DateTimeOffset now, string type = FieldMetadataType.Relation)
    {
        var many = F(name, label, type, null);
        var one = F(inverseName, inverseLabel, type, null);
        many.Relation = new RelationInfo
        {
            Type = "MANY_TO_ONE",
            TargetObjectMetadataId = to.Id,
            TargetFieldMetadataId = one.Id,
            JoinColumnName = name + "Id",
            OnDelete = onDelete,
        };
        one.Relation = new RelationInfo
        {
            Type = "ONE_TO_MANY",
            TargetObjectMetadataId = from.Id,
            TargetFieldMetadataId = many.Id,
        };
        many.Settings = new JsonObject { ["relationType"] = "MANY_TO_ONE", ["onDelete"] = onDelete, ["joinColumnName"] = name + "Id" };
        one.Settings = new JsonObject { ["relationType"] = "ONE_TO_MANY" };
        // An inverse with the same name may exist when several morph fields point at one object (noteTargets).
        Add(from, now, many);
        if (to.FindField(inverseName) is null) Add(to, now, one);
        else many.Relation.TargetFieldMetadataId = to.FindField(inverseName)!.Id;
    }

    public static FieldMetadata F(string name, string label, string type, JsonNode? defaultValue, bool nullable = true, bool system = false) => new()
    {
        Name = name,
        Label = label,
        Type = type,
        DefaultValue = defaultValue,
        IsNullable = nullable,
        IsSystem = system,
    };

    private static FieldMetadata Unique(FieldMetadata f)
    {
        f.IsUnique = true;
        return f;
    }

    public static JsonNode Quoted(string s) => JsonValue.Create("'" + s + "'");

    /// <summary>Twenty-style default of a composite type: text sub-fields <c>"''"</c>, others null.</summary>
    public static JsonObject Composite(string type)
    {
        var o = new JsonObject();
        foreach (var (sub, kind) in FieldMetadataType.CompositeSubFields[type])
        {
            o[sub] = kind == FieldMetadataType.Text ? Quoted("") : null;
        }

        if (type == FieldMetadataType.Actor)
        {
            o["source"] = Quoted("MANUAL");
            o["name"] = Quoted("System");
        }

        return o;
    }

    public static List<FieldOption> Options(params (string Value, string Label, string Color)[] options) =>
        options.Select((o, i) => new FieldOption { Value = o.Value, Label = o.Label, Color = o.Color, Position = i }).ToList();
}
