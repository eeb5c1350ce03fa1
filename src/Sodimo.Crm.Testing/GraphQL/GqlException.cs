using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.GraphQL;

/// <summary>
/// An error reported in the GraphQL <c>errors[]</c> array: <c>{ message, extensions: { code, ... } }</c>.
/// </summary>
internal sealed class GqlException : Exception
{
    /// <summary>Creates an error with a message and an <c>extensions.code</c>.</summary>
    public GqlException(string message, string code = GqlErrorCodes.BadUserInput, JsonObject? extensions = null)
        : base(message)
    {
        Code = code;
        Extensions = extensions;
    }

    /// <summary>Creates an error with the default code.</summary>
    public GqlException()
        : this("GraphQL error")
    {
    }

    /// <summary>Creates an error with the default code.</summary>
    public GqlException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = GqlErrorCodes.BadUserInput;
    }

    /// <summary>The <c>extensions.code</c> value.</summary>
    public string Code { get; }

    /// <summary>Extra keys merged into <c>extensions</c> (besides <c>code</c>).</summary>
    public JsonObject? Extensions { get; }

    /// <summary>The error as one entry of <c>errors[]</c>.</summary>
    public JsonObject ToJson()
    {
        var extensions = new JsonObject { ["code"] = Code };
        if (Extensions is not null)
        {
            foreach (var (key, value) in Extensions)
            {
                extensions[key] = value?.DeepClone();
            }
        }

        return new JsonObject { ["message"] = Message, ["extensions"] = extensions };
    }
}
