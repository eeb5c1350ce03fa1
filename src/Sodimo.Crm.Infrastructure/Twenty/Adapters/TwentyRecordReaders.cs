using System.Globalization;
using System.Text;
using System.Text.Json;
using Sodimo.Crm.Application.Common.Ports;
using static Sodimo.Crm.Infrastructure.Twenty.Adapters.TwentyRecordMapping;

namespace Sodimo.Crm.Infrastructure.Twenty.Adapters;

/// <summary>
/// The ports' records read straight from Twenty's UTF-8 JSON (no <c>JsonObject</c> tree), field names from the same
/// places as <see cref="TwentyRecordMapping"/> (the schema for Sodimo's fields, its constants for Twenty's own), and
/// the same results: each value is read with the rule of the <see cref="TwentyFieldMapper"/> helper the mapping uses,
/// unknown fields are skipped, and anything those rules do not settle alone (a duplicated field, a deal without an
/// id, an amount out of range) makes the reader decline so the answer is mapped the <c>JsonObject</c> way.
/// </summary>
internal static class TwentyRecordReaders
{
    /// <summary>Deals (opportunities): read like <see cref="TwentyRecordMapping.ToDeal"/>.</summary>
    public static TwentyRecordShape<DealRecord> Deal { get; } = new(ReadDeal, ToDeal, IsDeleted);

    /// <summary>People: read like <see cref="TwentyRecordMapping.ToPerson"/>.</summary>
    public static TwentyRecordShape<PersonRecord> Person { get; } = new(ReadPerson, ToPerson, IsDeleted);

    private const decimal MicrosPerUnit = 1_000_000m;

    // Deal slots: Twenty's own fields, Sodimo's fields by schema name, then one per pipeline stage field.
    private const int DId = 0, DName = 1, DAmount = 2, DCloseDate = 3, DCompanyId = 4, DPointOfContactId = 5, DCreatedAt = 6,
        DUpdatedAt = 7, DDeletedAt = 8, DPipeline = 9, DHealth = 10, DClientCode = 11, DOrderNumber = 12, DStageEnteredAt = 13, DFirstStage = 14;

    // Person slots.
    private const int PId = 0, PName = 1, PEmails = 2, PPhones = 3, PJobTitle = 4, PCity = 5, PCompanyId = 6, PCreatedAt = 7, PUpdatedAt = 8, PDeletedAt = 9;

    // Sub-fields of composites, as UTF-8.
    private static readonly byte[] AmountMicrosUtf8 = Encoding.UTF8.GetBytes(TwentyFieldMapper.AmountMicros);
    private static readonly byte[] CurrencyCodeUtf8 = Encoding.UTF8.GetBytes(TwentyFieldMapper.CurrencyCode);
    private static readonly byte[] FirstNameUtf8 = Encoding.UTF8.GetBytes(TwentyFieldMapper.FirstName);
    private static readonly byte[] LastNameUtf8 = Encoding.UTF8.GetBytes(TwentyFieldMapper.LastName);
    private static readonly byte[] PrimaryEmailUtf8 = Encoding.UTF8.GetBytes(TwentyFieldMapper.PrimaryEmail);
    private static readonly byte[] AdditionalEmailsUtf8 = Encoding.UTF8.GetBytes(TwentyFieldMapper.AdditionalEmails);
    private static readonly byte[] PrimaryPhoneNumberUtf8 = Encoding.UTF8.GetBytes(TwentyFieldMapper.PrimaryPhoneNumber);
    private static readonly byte[] PrimaryPhoneCallingCodeUtf8 = Encoding.UTF8.GetBytes(TwentyFieldMapper.PrimaryPhoneCallingCode);
    private static readonly byte[] PrimaryPhoneCountryCodeUtf8 = Encoding.UTF8.GetBytes(TwentyFieldMapper.PrimaryPhoneCountryCode);

    private static readonly FieldTable PersonFields = new(
    [
        (IdField, PId), (NameField, PName), (EmailsField, PEmails), (PhonesField, PPhones), (JobTitleField, PJobTitle), (CityField, PCity),
        (CompanyIdField, PCompanyId), (CreatedAtField, PCreatedAt), (UpdatedAtField, PUpdatedAt), (DeletedAtField, PDeletedAt),
    ]);

    private static readonly Domain.Schema.Pipeline[] Pipelines = [.. SodimoTwentyObjects.Schema.Pipelines];

    private static readonly FieldTable DealFields = new(
    [
        (IdField, DId), (NameField, DName), (AmountField, DAmount), (CloseDateField, DCloseDate), (CompanyIdField, DCompanyId),
        (PointOfContactIdField, DPointOfContactId), (CreatedAtField, DCreatedAt), (UpdatedAtField, DUpdatedAt), (DeletedAtField, DDeletedAt),
        (DealPipeline, DPipeline), (DealHealthField, DHealth), (DealClientCode, DClientCode), (DealOrderNumber, DOrderNumber),
        (DealStageEnteredAt, DStageEnteredAt),
        .. Pipelines.Select((p, i) => (p.StageFieldTwentyName, DFirstStage + i)),
    ]);

    private static bool ReadDeal(ref Utf8JsonReader reader, out DealRecord deal, out bool deleted)
    {
        deal = null!;
        deleted = false;
        if (!DealFields.Usable)
            return false;

        Guid? id = null, companyId = null, pointOfContactId = null;
        string? name = null, pipelineValue = null, health = null, clientCode = null, orderNumber = null;
        DateTimeOffset? closeDate = null, createdAt = null, updatedAt = null, stageEnteredAt = null;
        Money? amount = null;
        var stages = new string?[Pipelines.Length];
        Span<int> keys = stackalloc int[TwentyTypedReading.KeyGuardSlots];
        var guard = new KeyGuard(keys);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // A duplicated key makes the JsonObject mapping throw: let it.
            var key = TwentyTypedReading.Name(ref reader);
            if (!guard.Add(key))
                return false;
            var slot = DealFields.Find(key);
            reader.Read();
            switch (slot)
            {
                case DId: id = ReadId(ref reader); break;
                case DName: name = ReadString(ref reader); break;
                case DAmount:
                    if (!TryReadMoney(ref reader, out amount))
                        return false;
                    break;
                case DCloseDate: closeDate = ReadInstant(ref reader); break;
                case DCompanyId: companyId = ReadId(ref reader); break;
                case DPointOfContactId: pointOfContactId = ReadId(ref reader); break;
                case DCreatedAt: createdAt = ReadInstant(ref reader); break;
                case DUpdatedAt: updatedAt = ReadInstant(ref reader); break;
                case DDeletedAt: deleted = ReadIsValue(ref reader); break;
                case DPipeline: pipelineValue = ReadString(ref reader); break;
                case DHealth: health = ReadString(ref reader); break;
                case DClientCode: clientCode = ReadString(ref reader); break;
                case DOrderNumber: orderNumber = ReadString(ref reader); break;
                case DStageEnteredAt: stageEnteredAt = ReadInstant(ref reader); break;
                case >= DFirstStage: stages[slot - DFirstStage] = ReadString(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        // A deal without an id: the mapping's error, raised by the mapping.
        if (id is not { } dealId)
            return false;

        var pipeline = DealPipelineOf(pipelineValue);
        deal = new DealRecord
        {
            Id = dealId,
            Name = name,
            Pipeline = pipeline?.Name ?? pipelineValue,
            Stage = pipeline is null ? null : DealStage(pipeline, stages[Array.IndexOf(Pipelines, pipeline)]),
            Health = DealHealthOf(health),
            Amount = amount,
            ClientCode = clientCode,
            SodiwinNumeroCommande = orderNumber,
            StageEnteredAt = stageEnteredAt,
            CloseDate = closeDate,
            CompanyId = companyId,
            PointOfContactId = pointOfContactId,
            CreatedAt = createdAt,
            UpdatedAt = updatedAt,
        };
        return true;
    }

    private static bool ReadPerson(ref Utf8JsonReader reader, out PersonRecord person, out bool deleted)
    {
        person = null!;
        deleted = false;
        if (!PersonFields.Usable)
            return false;

        Guid? id = null, companyId = null;
        var name = new PersonName(null, null);
        var emails = new EmailAddresses(null, []);
        PhoneNumbers? phones = null;
        string? jobTitle = null, city = null;
        DateTimeOffset? createdAt = null, updatedAt = null;
        Span<int> keys = stackalloc int[TwentyTypedReading.KeyGuardSlots];
        var guard = new KeyGuard(keys);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = TwentyTypedReading.Name(ref reader);
            if (!guard.Add(key))
                return false;
            var slot = PersonFields.Find(key);
            reader.Read();
            switch (slot)
            {
                case PId: id = ReadId(ref reader); break;
                case PName:
                    if (!TryReadPersonName(ref reader, out name))
                        return false;
                    break;
                case PEmails:
                    if (!TryReadEmails(ref reader, out emails))
                        return false;
                    break;
                case PPhones:
                    if (!TryReadPhones(ref reader, out phones))
                        return false;
                    break;
                case PJobTitle: jobTitle = Blank(ReadString(ref reader)); break;
                case PCity: city = Blank(ReadString(ref reader)); break;
                case PCompanyId: companyId = ReadId(ref reader); break;
                case PCreatedAt: createdAt = ReadInstant(ref reader); break;
                case PUpdatedAt: updatedAt = ReadInstant(ref reader); break;
                case PDeletedAt: deleted = ReadIsValue(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        if (id is not { } personId)
            return false;
        person = new PersonRecord
        {
            Id = personId,
            Name = name,
            Emails = emails,
            Phones = phones,
            JobTitle = jobTitle,
            City = city,
            CompanyId = companyId,
            CreatedAt = createdAt,
            UpdatedAt = updatedAt,
        };
        return true;
    }

    // ToPerson's name: an object's firstName and lastName (blank as null); anything else is no name.
    private static bool TryReadPersonName(ref Utf8JsonReader reader, out PersonName name)
    {
        name = new PersonName(null, null);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return true;
        }

        string? first = null, last = null;
        Span<int> keys = stackalloc int[TwentyTypedReading.KeyGuardSlots];
        var guard = new KeyGuard(keys);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!guard.Add(TwentyTypedReading.Name(ref reader)))
                return false;
            var isFirst = reader.ValueTextEquals(FirstNameUtf8);
            var isLast = !isFirst && reader.ValueTextEquals(LastNameUtf8);
            reader.Read();
            if (isFirst)
                first = ReadString(ref reader);
            else if (isLast)
                last = ReadString(ref reader);
            else
                reader.Skip();
        }

        name = new PersonName(Blank(first), Blank(last));
        return true;
    }

    // TwentyFieldMapper.ReadEmails: an object's primaryEmail (blank as null) and the strings of additionalEmails.
    private static bool TryReadEmails(ref Utf8JsonReader reader, out EmailAddresses emails)
    {
        emails = new EmailAddresses(null, []);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return true;
        }

        string? primary = null;
        List<string>? more = null;
        Span<int> keys = stackalloc int[TwentyTypedReading.KeyGuardSlots];
        var guard = new KeyGuard(keys);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!guard.Add(TwentyTypedReading.Name(ref reader)))
                return false;
            var isPrimary = reader.ValueTextEquals(PrimaryEmailUtf8);
            var isMore = !isPrimary && reader.ValueTextEquals(AdditionalEmailsUtf8);
            reader.Read();
            if (isPrimary)
                primary = ReadString(ref reader);
            else if (isMore && reader.TokenType == JsonTokenType.StartArray)
            {
                more = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (ReadString(ref reader) is { } address)
                        more.Add(address);
                }
            }
            else
                reader.Skip();
        }

        emails = new EmailAddresses(Blank(primary), more is null ? [] : more.ToArray());
        return true;
    }

    // TwentyFieldMapper.ReadPhones: an object with a primary number (blank: no phone), its calling and country codes.
    private static bool TryReadPhones(ref Utf8JsonReader reader, out PhoneNumbers? phones)
    {
        phones = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return true;
        }

        string? number = null, callingCode = null, countryCode = null;
        Span<int> keys = stackalloc int[TwentyTypedReading.KeyGuardSlots];
        var guard = new KeyGuard(keys);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!guard.Add(TwentyTypedReading.Name(ref reader)))
                return false;
            var which = reader.ValueTextEquals(PrimaryPhoneNumberUtf8) ? 1
                : reader.ValueTextEquals(PrimaryPhoneCallingCodeUtf8) ? 2
                : reader.ValueTextEquals(PrimaryPhoneCountryCodeUtf8) ? 3
                : 0;
            reader.Read();
            switch (which)
            {
                case 1: number = ReadString(ref reader); break;
                case 2: callingCode = ReadString(ref reader); break;
                case 3: countryCode = ReadString(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        if (Blank(number) is { } primary)
            phones = new PhoneNumbers(primary, Blank(callingCode), Blank(countryCode));
        return true;
    }

    private static string? Blank(string? s) => string.IsNullOrEmpty(s) ? null : s;

    // TwentyFieldMapper.String: a JSON string; anything else is null.
    private static string? ReadString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
            return reader.GetString();
        reader.Skip();
        return null;
    }

    // TwentyFieldMapper.Id: a string Guid.TryParse accepts (the reader's own parse first: hyphenated, undecorated).
    private static Guid? ReadId(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        return reader.TryGetGuid(out var fast) ? fast : Guid.TryParse(reader.GetString(), out var g) ? g : null;
    }

    // TwentyFieldMapper.Instant: an ISO-8601 UTC string as the JSON reader parses it, else the general parser.
    private static DateTimeOffset? ReadInstant(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        if (reader.TryGetDateTime(out var utc) && utc.Kind == DateTimeKind.Utc)
            return new DateTimeOffset(utc);
        return DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : null;
    }

    // TwentyRecordMapping.IsDeleted: any JSON value but null, an object or an array.
    private static bool ReadIsValue(ref Utf8JsonReader reader)
    {
        var isValue = reader.TokenType is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False;
        reader.Skip();
        return isValue;
    }

    // TwentyFieldMapper.ReadMoney: an object whose amountMicros reads as a decimal; currencyCode a string or "".
    private static bool TryReadMoney(ref Utf8JsonReader reader, out Money? money)
    {
        money = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return true;
        }

        decimal? micros = null;
        string? currency = null;
        Span<int> keys = stackalloc int[TwentyTypedReading.KeyGuardSlots];
        var guard = new KeyGuard(keys);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!guard.Add(TwentyTypedReading.Name(ref reader)))
                return false;
            if (reader.ValueTextEquals(AmountMicrosUtf8))
            {
                reader.Read();
                if (!TryReadDecimal(ref reader, out micros))
                    return false;
            }
            else if (reader.ValueTextEquals(CurrencyCodeUtf8))
            {
                reader.Read();
                currency = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (micros is { } m)
            money = new Money(m / MicrosPerUnit, currency ?? string.Empty);
        return true;
    }

    // TwentyFieldMapper.Decimal: a number as decimal, else as a finite double; a numeric string. A double beyond
    // decimal's range (where the mapping's conversion throws) declines.
    private static bool TryReadDecimal(ref Utf8JsonReader reader, out decimal? value)
    {
        value = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetDecimal(out var d))
                    value = d;
                else if (reader.TryGetDouble(out var f) && double.IsFinite(f))
                {
                    if (Math.Abs(f) >= 7.9e28)
                        return false;
                    value = (decimal)f;
                }

                return true;
            case JsonTokenType.String:
                value = decimal.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p : null;
                return true;
            default:
                reader.Skip();
                return true;
        }
    }

    /// <summary>Twenty field names (UTF-8) to slots, found by length then bytes.</summary>
    private sealed class FieldTable
    {
        private readonly (byte[] Name, int Slot)[][] _byLength;

        public FieldTable(IEnumerable<(string Name, int Slot)> fields)
        {
            var list = fields.Select(f => (Name: Encoding.UTF8.GetBytes(f.Name), f.Slot)).ToArray();
            // Two slots under one name (the schema naming a field like another):
            // read nothing, decline every record.
            Usable = list.Select(f => Convert.ToBase64String(f.Name)).Distinct().Count() == list.Length;
            var longest = list.Length == 0 ? 0 : list.Max(f => f.Name.Length);
            _byLength = new (byte[], int)[longest + 1][];
            for (var length = 0; length <= longest; length++)
                _byLength[length] = list.Where(f => f.Name.Length == length).ToArray();
        }

        public bool Usable { get; }

        /// <summary>The slot of a property name, or -1.</summary>
        public int Find(scoped ReadOnlySpan<byte> name)
        {
            if (name.Length >= _byLength.Length)
                return -1;
            foreach (var (candidate, slot) in _byLength[name.Length])
            {
                if (name.SequenceEqual(candidate))
                    return slot;
            }

            return -1;
        }
    }
}
