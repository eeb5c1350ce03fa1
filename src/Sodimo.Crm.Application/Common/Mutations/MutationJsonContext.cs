using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Sodimo.Crm.Application.AddActivity;
using Sodimo.Crm.Application.AdvanceStage;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.RecordSodiwinOrder;
using Sodimo.Crm.Application.UpsertContact;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.Common.Mutations;

/// <summary>
/// Source-generated serialisation of what <see cref="MutationJson"/> stores in the ledger: the mutation requests and
/// results, and every value a field of a request may hold (the raw types <see cref="FieldValues"/> accepts and the
/// canonical types it produces). No reflection, so the ledger works the same in a trimmed or Native AOT host.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true)]
[JsonSerializable(typeof(UpsertContactCommand))]
[JsonSerializable(typeof(UpsertContactResult))]
[JsonSerializable(typeof(AddActivityCommand))]
[JsonSerializable(typeof(AddActivityResult))]
[JsonSerializable(typeof(AdvanceStageCommand))]
[JsonSerializable(typeof(AdvanceStageResult))]
[JsonSerializable(typeof(RecordSodiwinOrderCommand))]
[JsonSerializable(typeof(RecordSodiwinOrderResult))]
[JsonSerializable(typeof(RunContext))]
[JsonSerializable(typeof(LedgerTarget))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(DateTime))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(DateOnly))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Money))]
[JsonSerializable(typeof(PostalAddress))]
[JsonSerializable(typeof(PersonName))]
[JsonSerializable(typeof(EmailAddresses))]
[JsonSerializable(typeof(PhoneNumbers))]
internal sealed partial class MutationJsonContext : JsonSerializerContext;
