using System.Text;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>The keys of Twenty's REST answers around the records, for the <c>JsonObject</c> and the typed readings alike.</summary>
internal static class TwentyEnvelope
{
    public const string Data = "data";
    public const string PageInfo = "pageInfo";
    public const string TotalCount = "totalCount";
    public const string HasNextPage = "hasNextPage";
    public const string HasPreviousPage = "hasPreviousPage";
    public const string StartCursor = "startCursor";
    public const string EndCursor = "endCursor";

    public static readonly byte[] DataUtf8 = Encoding.UTF8.GetBytes(Data);
    public static readonly byte[] PageInfoUtf8 = Encoding.UTF8.GetBytes(PageInfo);
    public static readonly byte[] TotalCountUtf8 = Encoding.UTF8.GetBytes(TotalCount);
    public static readonly byte[] HasNextPageUtf8 = Encoding.UTF8.GetBytes(HasNextPage);
    public static readonly byte[] HasPreviousPageUtf8 = Encoding.UTF8.GetBytes(HasPreviousPage);
    public static readonly byte[] StartCursorUtf8 = Encoding.UTF8.GetBytes(StartCursor);
    public static readonly byte[] EndCursorUtf8 = Encoding.UTF8.GetBytes(EndCursor);
}
