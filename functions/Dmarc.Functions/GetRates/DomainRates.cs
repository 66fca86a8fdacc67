using Dmarc.Core.Rollup;

namespace Dmarc.Functions.GetRates;

/// <summary>A domain's per-day DMARC pass/fail series from the rollup's daily summaries, oldest first.</summary>
public sealed record DomainRates(string Domain, DateOnly From, DateOnly To, IReadOnlyList<DailyRates> Days);
