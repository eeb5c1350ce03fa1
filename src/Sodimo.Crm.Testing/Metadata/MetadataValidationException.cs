using System.Text.Json.Nodes;
using Sodimo.Crm.Testing.GraphQL;

namespace Sodimo.Crm.Testing.Metadata;

/// <summary>
/// A failed field (or object) creation/update, reported the way Twenty's flat-metadata validation does
/// (PEER-CASES [metadata]: message "Multiple validation errors occurred while creating fields",
/// <c>extensions.code</c> METADATA_VALIDATION_FAILED, per-entity errors under
/// <c>extensions.errors.fieldMetadata[].errors[]</c>).
/// </summary>
internal sealed class MetadataValidationException : Exception
{
    /// <summary>Creates the failure for one entity.</summary>
    public MetadataValidationException(
        string metadataName,
        string operation,
        JsonObject entityInformation,
        IReadOnlyList<MetadataValidationError> errors)
        : base(metadataName == "objectMetadata"
            ? "Multiple validation errors occurred while creating object"
            : "Multiple validation errors occurred while creating fields")
    {
        MetadataName = metadataName;
        Operation = operation;
        EntityInformation = entityInformation;
        Errors = errors;
    }

    /// <summary>Creates an empty failure.</summary>
    public MetadataValidationException()
        : this("fieldMetadata", "create", [], [])
    {
    }

    /// <summary>Creates an empty failure.</summary>
    public MetadataValidationException(string message)
        : base(message)
    {
        MetadataName = "fieldMetadata";
        Operation = "create";
        EntityInformation = [];
        Errors = [];
    }

    /// <summary>Creates an empty failure.</summary>
    public MetadataValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        MetadataName = "fieldMetadata";
        Operation = "create";
        EntityInformation = [];
        Errors = [];
    }

    /// <summary><c>fieldMetadata</c> or <c>objectMetadata</c>.</summary>
    public string MetadataName { get; }

    /// <summary><c>create</c> or <c>update</c>.</summary>
    public string Operation { get; }

    /// <summary>The <c>flatEntityMinimalInformation</c> (id, name, objectMetadataId...).</summary>
    public JsonObject EntityInformation { get; }

    /// <summary>The individual failures.</summary>
    public IReadOnlyList<MetadataValidationError> Errors { get; }

    /// <summary>The failure as a GraphQL error.</summary>
    public GqlException ToGraphQLError()
    {
        var entity = new JsonObject
        {
            ["errors"] = new JsonArray(Errors.Select(e => (JsonNode)e.ToJson()).ToArray()),
            ["flatEntityMinimalInformation"] = EntityInformation.DeepClone(),
            ["metadataName"] = MetadataName,
            ["status"] = "fail",
            ["type"] = Operation,
        };
        var extensions = new JsonObject
        {
            ["errors"] = new JsonObject { [MetadataName] = new JsonArray(entity) },
            ["message"] = $"Validation failed for 1 {MetadataName}",
            ["summary"] = new JsonObject { [MetadataName] = 1, ["totalErrors"] = 1 },
            ["userFriendlyMessage"] = "Metadata validation failed",
        };
        return new GqlException(Message, GqlErrorCodes.MetadataValidationFailed, extensions);
    }

    /// <summary>The messages, for the REST error body's <c>messages[]</c>.</summary>
    public IReadOnlyList<string> Messages => Errors.Select(e => e.Message).ToList();
}
