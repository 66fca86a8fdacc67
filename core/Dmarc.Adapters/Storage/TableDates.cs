namespace Dmarc.Adapters.Storage;

/// <summary>
/// The Table service stores DateTime values from 1601-01-01 to 9999-12-31 (UTC) and refuses
/// others with 400 OutOfRangeInput, in entities and in filters; Azurite accepts them.
/// </summary>
public static class TableDates
{
    public static readonly DateTimeOffset Min = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Max = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The nearest date the service can hold (a bound in a filter then selects the same rows).</summary>
    public static DateTimeOffset Clamp(DateTimeOffset value) =>
        value < Min ? Min : value > Max ? Max : value.ToUniversalTime();
}
