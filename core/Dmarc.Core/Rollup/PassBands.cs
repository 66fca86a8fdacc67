using Dmarc.Core.Senders;

namespace Dmarc.Core.Rollup;

/// <summary>
/// The band of a DMARC pass rate (PRODUCT.md §4): Passing 95-100 %, Partially passing 51-94 %,
/// Failing 0-50 %. The band is decided on the exact ratio, never on a rounded rate: a sender is
/// Passing only once at least 95 % of its messages passed, so 94.6 % (and 94.99 %) is Partially
/// passing; it is Failing while at most 50 % passed, so 50.4 % is Partially passing. The rates
/// shown beside the band are rounded to one decimal, so 94.96 % shows as 95.0 % and is still
/// Partially passing. No messages at all is Failing (nothing was authenticated).
/// </summary>
public static class PassBands
{
    public const int PassingFrom = 95;
    public const int FailingUpTo = 50;

    public static PassBand Of(long dmarcPass, long messages) =>
        messages <= 0 ? PassBand.Failing
        : dmarcPass * 100 >= PassingFrom * messages ? PassBand.Passing
        : dmarcPass * 100 > FailingUpTo * messages ? PassBand.PartiallyPassing
        : PassBand.Failing;
}
