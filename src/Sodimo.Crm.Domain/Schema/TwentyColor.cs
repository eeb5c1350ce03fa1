namespace Sodimo.Crm.Domain.Schema;

/// <summary>The colours Twenty accepts for select options (API-FACTS §6.1); wire names are lower case.</summary>
public enum TwentyColor
{
    /// <summary><c>green</c>.</summary>
    Green,

    /// <summary><c>turquoise</c>.</summary>
    Turquoise,

    /// <summary><c>sky</c>.</summary>
    Sky,

    /// <summary><c>blue</c>.</summary>
    Blue,

    /// <summary><c>purple</c>.</summary>
    Purple,

    /// <summary><c>pink</c>.</summary>
    Pink,

    /// <summary><c>red</c>.</summary>
    Red,

    /// <summary><c>orange</c>.</summary>
    Orange,

    /// <summary><c>yellow</c>.</summary>
    Yellow,

    /// <summary><c>gray</c>.</summary>
    Gray,
}
