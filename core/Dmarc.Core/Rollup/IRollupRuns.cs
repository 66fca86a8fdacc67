namespace Dmarc.Core.Rollup;

/// <summary>Port: the log of rollup runs.</summary>
public interface IRollupRuns
{
    Task AddAsync(RollupRun run, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RollupRun>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default);
}
