namespace Dmarc.Core.Rollup;

/// <summary>One run of the rollup timer.</summary>
public sealed record RollupRun(DateTimeOffset RanAt, bool IsPastDue);
