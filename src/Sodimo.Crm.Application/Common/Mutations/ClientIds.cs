using System.Security.Cryptography;
using System.Text;

namespace Sodimo.Crm.Application.Common.Mutations;

/// <summary>
/// Client-generated record ids for creates, derived from the tool name, the idempotency key and the step: a retry with
/// the same key, and the reconciler reading the ledger entry, compute the same ids, so they can ask Twenty whether a
/// first attempt landed instead of creating a second record.
/// </summary>
public static class ClientIds
{
    /// <summary>The id of one created record of a mutation.</summary>
    /// <param name="toolName">The tool (<c>crm_add_activity</c>).</param>
    /// <param name="idempotencyKey">The caller's idempotency key.</param>
    /// <param name="step">The step that creates the record (<c>company</c>, <c>person</c>, <c>activity</c>, <c>target:person</c>).</param>
    /// <returns>An RFC 9562 version 8 UUID: the first 16 bytes of SHA-256 over the three parts.</returns>
    public static Guid For(string toolName, string idempotencyKey, string step)
    {
        ArgumentException.ThrowIfNullOrEmpty(toolName);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ArgumentException.ThrowIfNullOrEmpty(step);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"sodimo-crm\n{toolName}\n{idempotencyKey}\n{step}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
