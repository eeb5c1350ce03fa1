namespace Sodimo.Crm.Testing.Core;

/// <summary>
/// An API error with Twenty's REST body shape <c>{statusCode, error, messages[], code?}</c> (API-FACTS §2).
/// The core throws it; each endpoint renders it in its own protocol.
/// </summary>
internal sealed class EmulatorException : Exception
{
    public EmulatorException(int statusCode, string error, string message, string? code = null)
        : base(message)
    {
        StatusCode = statusCode;
        Error = error;
        Code = code;
    }

    public EmulatorException() : this(400, "BadRequestException", "Bad request") { }

    public EmulatorException(string message) : this(400, "BadRequestException", message) { }

    public EmulatorException(string message, Exception inner) : base(message, inner)
    {
        StatusCode = 400;
        Error = "BadRequestException";
    }

    public int StatusCode { get; }
    public string Error { get; }
    public string? Code { get; }

    public static EmulatorException BadRequest(string message, string? code = null) =>
        new(400, "BadRequestException", message, code);

    public static EmulatorException NotFound(string message = "Record not found", string? code = null) =>
        new(404, "NotFoundException", message, code);
}
