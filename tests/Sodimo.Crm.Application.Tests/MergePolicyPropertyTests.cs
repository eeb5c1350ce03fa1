using CsCheck;
using Sodimo.Crm.Application.Common.Errors;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Tests.Fakes;
using Sodimo.Crm.Application.UpsertContact;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.Tests;

public sealed class MergePolicyPropertyTests
{
    private static readonly SodimoObject Company = SodimoSchema.Current.GetObject("Company");
    private static readonly string[] UnknownNames = ["createdBy", "position", "deletedAt", "emails.primaryEmail.x", "clientCode", "AR_BALANCE"];

    private static object? NoValue => null;
    private static ContactInput? NoPerson => null;

    private static readonly Gen<string> Text = Gen.Char.AlphaNumeric.Array[1, 12].Select(c => new string(c));

    private static Gen<object?> ValueFor(SodimoField field) => field.Type switch
    {
        TwentyFieldType.Text => Text.Select(s => (object?)s),
        TwentyFieldType.Number => Gen.Int[-1000, 1000].Select(i => (object?)(decimal)i),
        TwentyFieldType.Currency => Gen.Int[0, 10_000_000].Select(i => (object?)(i / 100m)),
        TwentyFieldType.Date => Gen.Int[0, 4000].Select(d => (object?)new DateOnly(2020, 1, 1).AddDays(d)),
        TwentyFieldType.DateTime => Gen.Int[0, 1_000_000].Select(m => (object?)new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(m)),
        TwentyFieldType.Boolean => Gen.Bool.Select(b => (object?)b),
        TwentyFieldType.Select => Gen.OneOf(field.Options.Select(o => o.Value).ToArray()).Select(v => (object?)v),
        TwentyFieldType.Array => Text.Array[0, 4].Select(a => (object?)a),
        TwentyFieldType.Address => Gen.Select(Text, Text).Select((street, city) => (object?)new PostalAddress(street, null, city, null, "75011", "FRANCE")),
        _ => Gen.Const<object?>(NoValue),
    };

    private static readonly Gen<(string Name, object? Value)> KnownField =
        Gen.OneOf(Company.Fields.Where(f => f.SodimoName != "client_code").ToArray())
            .SelectMany<SodimoField, (string Name, object? Value)>(f => Gen.Frequency<object?>((9, ValueFor(f)), (1, Gen.Const<object?>(NoValue))).Select(v => (Name: f.SodimoName, Value: v)));

    private static readonly Gen<(string Name, object? Value)> AnyField =
        Gen.Frequency((9, KnownField), (1, Gen.OneOf(UnknownNames).Select(n => (n, (object?)"x"))));

    private static readonly Gen<ContactInput?> Person = Gen.Frequency(
        (3, Gen.Const<ContactInput?>(NoPerson)),
        (1, Gen.Select(Text, Gen.Bool).Select((n, phone) => (ContactInput?)new ContactInput
        {
            Email = n.ToLowerInvariant() + "@cave.fr",
            FirstName = n,
            Phone = phone ? "+33 6 12 34 56 78" : null,
        })));

    private static readonly Gen<(Dictionary<string, object?> Fields, ContactInput? Person, bool Exists)> Input =
        Gen.Select(AnyField.Array[0, 8], Person, Gen.Bool).Select((fields, person, exists) =>
            (fields.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First().Value), person, exists));

    [Fact]
    public void SodimoFieldsOnly_NeverWritesATwentyOwnedField_AndWritesEveryAllowedOne()
    {
        using var crm = new CrmHarness();
        var n = 0;
        Input.Sample(input =>
        {
            var code = $"C{++n:D6}";
            crm.Twenty.Writes.Clear();
            if (input.Exists)
            {
                crm.Twenty.SeedCompany(code, "Cave");
            }

            var command = UpsertContactTests.Command("p" + n, "sodimo-fields-only",
                new CompanyInput { ClientCode = code, Fields = input.Fields }, input.Person);
            Exception? error = null;
            try
            {
                crm.Mediator.Send(command).AsTask().GetAwaiter().GetResult();
            }
            catch (RequestRefusedException ex)
            {
                error = ex;
            }

            // The invariant: whatever the input, nothing outside Sodiwin's fields reaches Twenty, and people are never written.
            foreach (var (op, _, fields) in crm.Twenty.Writes)
            {
                op.ShouldStartWith("companies.");
                fields.Where(f => f.Field.Origin != FieldOrigin.Sodiwin || f.Field.ObjectName != "Company")
                    .Select(f => $"{f.Field.ObjectName}.{f.SodimoName} ({f.Field.Origin})").ShouldBeEmpty();
            }

            // And it is not met by refusing everything: an input inside the policy is written in full.
            var shouldRefuse = input.Person is not null || input.Fields.Keys.Any(name =>
                Company.FindField(name) is not { } f || f.Origin != FieldOrigin.Sodiwin || (input.Exists && f.SetOnlyAtCreation));
            (error is not null).ShouldBe(shouldRefuse, error?.Message);
            if (shouldRefuse)
            {
                crm.Twenty.Writes.ShouldBeEmpty();
            }
            else
            {
                var written = crm.Twenty.Writes.SelectMany(w => w.Fields).Select(f => f.SodimoName).ToHashSet();
                // Null on a new company, or a value equal to the current one, needs no write.
                var expected = input.Fields.Where(f => f.Value is not null).Select(f => f.Key);
                expected.Where(name => !written.Contains(name)).ShouldBeEmpty();
            }
        }, iter: 300, threads: 1);
    }
}
