using Microsoft.Extensions.Logging;

namespace Dmarc.Core.Rollup;

/// <summary>
/// The hourly rollup. For now it records each run; the 30-day pass-rate rollup fills it later.
/// </summary>
public sealed partial class RollupService(IRollupRuns runs, TimeProvider time, ILogger<RollupService> logger)
{
    public async Task<RollupRun> RunAsync(bool isPastDue, CancellationToken cancellationToken = default)
    {
        var run = new RollupRun(time.GetUtcNow(), isPastDue);
        await runs.AddAsync(run, cancellationToken);
        LogRun(run.RanAt, isPastDue);
        return run;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rollup ran at {RanAt} (past due: {IsPastDue})")]
    private partial void LogRun(DateTimeOffset ranAt, bool isPastDue);
}
