namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>A Twenty company in Sodimo's shape.</summary>
public sealed record CompanyRecord
{
    /// <summary>Twenty's record id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The company's name (Twenty's <c>name</c>).</summary>
    public string? Name { get; init; }

    /// <summary>Sodiwin's client code (<c>clientCode</c>), the join key; <see langword="null"/> for a prospect without one.</summary>
    public string? ClientCode { get; init; }

    /// <summary>
    /// Every field of Sodimo's Company schema the adapter read, keyed by Sodimo name (<c>ar_balance</c>), each value in
    /// its canonical type (see <see cref="FieldWrite"/>); a field Twenty holds no value for is present with
    /// <see langword="null"/>.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Fields { get; init; } = new Dictionary<string, object?>();

    /// <summary>When Twenty created the record.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When Twenty last changed the record.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>A company to create, with a client-generated id so a retry or the reconciler can tell whether it landed.</summary>
/// <param name="Id">The id the record must be created with.</param>
/// <param name="Fields">The fields to set (Company fields of <see cref="Domain.Schema.SodimoSchema"/>).</param>
public sealed record CompanyCreate(Guid Id, IReadOnlyList<FieldWrite> Fields);

/// <summary>Fields to set on an existing company; fields not listed are left as they are.</summary>
/// <param name="Id">The company's id.</param>
/// <param name="Fields">The fields to set.</param>
public sealed record CompanyUpdate(Guid Id, IReadOnlyList<FieldWrite> Fields);

/// <summary>What <see cref="ITwentyCompanies.ListAsync"/> returns a page of.</summary>
public sealed record CompanyListQuery
{
    /// <summary>Only companies changed at or after this time.</summary>
    public DateTimeOffset? UpdatedSince { get; init; }

    /// <summary>Page size, 1 to <see cref="TwentyLimits.MaxPageSize"/>.</summary>
    public int Limit { get; init; } = TwentyLimits.MaxPageSize;

    /// <summary>The cursor of the page to read (from <see cref="Page{T}.NextCursor"/>), or <see langword="null"/> for the first.</summary>
    public string? Cursor { get; init; }
}
