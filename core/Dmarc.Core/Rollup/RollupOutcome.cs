namespace Dmarc.Core.Rollup;

/// <summary>What one rollup run did.</summary>
/// <param name="Skipped">True when another instance held the lease, so this run did nothing.</param>
/// <param name="Days">How many (domain, day) summaries were computed.</param>
/// <param name="Domains">How many domains they belong to.</param>
/// <param name="Marks">How many marks were read (some may stay, when written again meanwhile).</param>
public sealed record RollupOutcome(RollupRun Run, bool Skipped, int Days, int Domains, int Marks);
