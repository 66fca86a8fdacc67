using System.Globalization;
using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Microsoft.Extensions.Logging;

namespace Dmarc.Core.Enforcement;

/// <summary>What the daily run did with one plan.</summary>
public enum PlanRunResult
{
    Nothing,
    Advanced,
    SteppedBack,
    Paused,
}

/// <summary>What one daily run did.</summary>
public sealed record EnforcementRun(int Plans, int Advanced, int SteppedBack, int Paused);

/// <summary>
/// The daily run of the staged plans. For each plan it first finishes what an earlier run left
/// (a decided write, an announcement), then decides: while a step is in force, an approved sender
/// below Passing over the last <see cref="EnforcementOptions.StepBackDays"/> days steps the record
/// back one step and the plan waits; otherwise, once the dwell time has passed and the domain is
/// ready for the next step's policy, it writes the next step. A write is decided and stored first
/// (conditional on the plan's version, so two runs never write at once), then written through the
/// record engine (every other tag kept), read back, audited under the write's own time (a retry
/// replaces the same entry), stored as done, and announced. A record changed outside the plan
/// pauses it.
/// </summary>
public sealed partial class EnforcementRunner(
    IEnforcementPlans plans,
    PolicyRecords records,
    ReadinessService readiness,
    EnforcementAnnouncer announcer,
    IAuditLog audit,
    TimeProvider time,
    ILogger<EnforcementRunner> logger)
{
    public const string AuditTaskId = "enforcement";

    public async Task<EnforcementRun> RunAsync(CancellationToken cancellationToken = default)
    {
        var active = await plans.ListActiveAsync(cancellationToken);
        var results = new List<PlanRunResult>();
        var failures = new List<Exception>();
        foreach (var found in active)
        {
            try
            {
                results.Add(await RunPlanAsync(found, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One plan's failure does not hold up the others; the run fails at the end, and the next run finishes it.
                LogPlanFailed(ex, found.Plan.Domain);
                failures.Add(ex);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException($"{failures.Count} of {active.Count} enforcement plans failed; the next run finishes what they left.", failures);
        }

        var run = new EnforcementRun(active.Count, results.Count(r => r == PlanRunResult.Advanced), results.Count(r => r == PlanRunResult.SteppedBack), results.Count(r => r == PlanRunResult.Paused));
        LogRun(run.Plans, run.Advanced, run.SteppedBack);
        return run;
    }

    /// <summary>Runs one plan.</summary>
    public async Task<PlanRunResult> RunPlanAsync(VersionedPlan found, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(found);
        var (plan, version) = (found.Plan, found.Version);
        if (plan.Pending is null && plan.Unannounced is null && plan.Status is not (PlanStatus.Running or PlanStatus.Enforced))
        {
            return PlanRunResult.Nothing;
        }

        var write = plan.Pending;
        if (write is null && plan.Unannounced is null)
        {
            var decided = await DecideAsync(plan, cancellationToken);
            if (decided is null || await plans.TryUpdateAsync(decided, version, cancellationToken) is not { } decidedVersion)
            {
                return PlanRunResult.Nothing; // nothing to do today, or another run decided first
            }

            (plan, version) = (decided, decidedVersion);
            write = plan.Pending;
            if (write is null)
            {
                return PlanRunResult.Paused; // the record was changed outside the plan
            }
        }

        if (write is not null)
        {
            await records.WriteAsync(plan.AccountId, plan.Domain, plan.Place, write.After, cancellationToken);
            await audit.AddAsync(new AuditEntry(plan.AccountId, plan.Domain, DnsNames.DmarcName(plan.Domain), write.Before, write.After, AuditTaskId, write.At), cancellationToken);
            var done = plan with
            {
                Step = write.ToStep,
                StepSince = write.At,
                Pending = null,
                Unannounced = write,
                History = [.. plan.History.TakeLast(EnforcementPlan.MaxHistory - 1), write],
            };
            if (await plans.TryUpdateAsync(done, version, cancellationToken) is not { } doneVersion)
            {
                return PlanRunResult.Nothing;
            }

            (plan, version) = (done, doneVersion);
            LogWrote(plan.Domain, write.Reason, write.ToStep, write.After);
        }

        var announced = plan.Unannounced!;
        await announcer.AnnounceAsync(plan, announced, cancellationToken);
        await plans.TryUpdateAsync(plan with { Unannounced = null }, version, cancellationToken);
        return write?.Reason switch
        {
            PlanWriteReason.Advance => PlanRunResult.Advanced,
            PlanWriteReason.StepBack => PlanRunResult.SteppedBack,
            _ => PlanRunResult.Nothing,
        };
    }

    /// <summary>The plan with the write decided now (or paused), or null when there is nothing to do today.</summary>
    private async Task<EnforcementPlan?> DecideAsync(EnforcementPlan plan, CancellationToken cancellationToken)
    {
        var read = await records.ReadAsync(plan.AccountId, plan.Domain, cancellationToken);
        var now = time.GetUtcNow();
        if (read?.Record is null || read.Record.Text != plan.LastRecord)
        {
            var why = read?.Refusal ?? $"The DMARC record of {plan.Domain} is '{read?.Record?.Text ?? "gone"}', not '{plan.LastRecord}' as the plan wrote it: it was changed outside the plan. Check it, then resume.";
            LogPaused(plan.Domain, why);
            return plan with { Status = PlanStatus.Paused, Note = why };
        }

        var record = read.Record;
        var failingSenders = plan.Step >= 0 ? await readiness.FailingApprovedAsync(plan.Domain, cancellationToken) : [];
        if (failingSenders.Count > 0)
        {
            var failing = failingSenders[0];
            var back = plan.Step - 1;
            var target = back < 0 ? plan.OriginalRecord : plan.Steps[back].Apply(record).Text;
            var detail = $"the approved sender {failing.Name} ({failing.SenderId}) passed DMARC for {N(failing.DmarcPass)} of {N(failing.Messages)} messages ({failing.PassRate.ToString("0.0", CultureInfo.InvariantCulture)} %) in the last days, below Passing ({Rollup.PassBands.PassingFrom} %) by {failing.PointsBelowPassing.ToString("0.0", CultureInfo.InvariantCulture)} points.";
            return plan with
            {
                Status = PlanStatus.Waiting,
                Note = "Stepped back: " + detail + " Resume the plan once it passes again.",
                Pending = new PlanWrite(back, record.Text, target, PlanWriteReason.StepBack, detail, now, failing.SenderId),
            };
        }

        var next = plan.Step + 1;
        if (plan.Status != PlanStatus.Running || next >= plan.Steps.Count
            || (plan.Step >= 0 && now - plan.StepSince < TimeSpan.FromDays(plan.DwellDays)))
        {
            return null;
        }

        var step = plan.Steps[next];
        var ready = (await readiness.ReadAsync(plan.Domain, cancellationToken)).For(step.Policy);
        if (!ready.Ready)
        {
            LogNotReady(plan.Domain, step, ready.Reasons.Count);
            return null;
        }

        var after = step.Apply(record).Text;
        return plan with
        {
            Status = next == plan.Steps.Count - 1 ? PlanStatus.Enforced : PlanStatus.Running,
            Pending = new PlanWrite(next, record.Text, after, PlanWriteReason.Advance, $"Every approved sender passed and the domain was ready for {step.Policy}.", now),
        };
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Enforcement run: {Plans} plans, {Advanced} advanced, {SteppedBack} stepped back")]
    private partial void LogRun(int plans, int advanced, int steppedBack);

    [LoggerMessage(Level = LogLevel.Information, Message = "Enforcement plan of {Domain}: {Reason} to step {Step}, record now '{Record}'")]
    private partial void LogWrote(string domain, PlanWriteReason reason, int step, string record);

    [LoggerMessage(Level = LogLevel.Error, Message = "Enforcement plan of {Domain} failed in this run")]
    private partial void LogPlanFailed(Exception exception, string domain);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Enforcement plan of {Domain} paused: {Why}")]
    private partial void LogPaused(string domain, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Enforcement plan of {Domain} waits: not ready for {Step} ({Reasons} reasons)")]
    private partial void LogNotReady(string domain, PolicyStep step, int reasons);
}
