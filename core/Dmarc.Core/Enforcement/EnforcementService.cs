using Dmarc.Core.Dns;
using Dmarc.Core.Records;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Enforcement;

/// <summary>One step of a schedule: the record it writes and the first day the daily run may write it.</summary>
public sealed record ScheduledStep(int Index, string Policy, int Pct, string Record, DateOnly Earliest);

/// <summary>A domain's enforcement: readiness, the plan if there is one, and the schedule ahead.</summary>
public sealed record EnforcementView(string Domain, string? Record, EnforcementReadiness Readiness, EnforcementPlan? Plan, IReadOnlyList<ScheduledStep> Schedule);

/// <summary>The answer to a plan request.</summary>
public abstract record PlanOutcome
{
    private PlanOutcome()
    {
    }

    public sealed record NotFound : PlanOutcome;

    public sealed record Refused(string Reason) : PlanOutcome;

    public sealed record Done(EnforcementView View, bool DryRun) : PlanOutcome;
}

/// <summary>
/// Starts, shows, pauses, resumes and cancels a domain's staged plan. Starting writes no DNS: the
/// daily run (<see cref="EnforcementRunner"/>) writes each step. One plan per domain: a second
/// start while one is active is refused, and every change is conditional on the version read.
/// </summary>
public sealed partial class EnforcementService(
    PolicyRecords records,
    ReadinessService readiness,
    IEnforcementPlans plans,
    TimeProvider time,
    IOptions<EnforcementOptions> options,
    ILogger<EnforcementService> logger)
{
    public async Task<PlanOutcome> GetAsync(string accountId, string domain, CancellationToken cancellationToken = default)
    {
        var name = DnsNames.Normalize(domain);
        if (name is null)
        {
            return new PlanOutcome.NotFound();
        }

        var read = await records.ReadAsync(accountId, name, cancellationToken);
        var plan = (await plans.GetAsync(name, cancellationToken))?.Plan;
        plan = plan?.AccountId == accountId ? plan : null;
        var record = read?.Record;
        var schedule = plan is { IsActive: true } ? Schedule(plan.Steps, plan.Step + 1, DmarcRecord.Parse(plan.LastRecord), plan.Step < 0 ? null : plan.StepSince, plan.DwellDays)
            : record is null ? [] : Schedule(options.Value.ParsedSteps, FirstStep(record), record, null, options.Value.DwellDays);
        return new PlanOutcome.Done(new EnforcementView(name, record?.Text, await readiness.ReadAsync(name, cancellationToken), plan, schedule), false);
    }

    public async Task<PlanOutcome> StartAsync(string accountId, string domain, string actor, bool dryRun, CancellationToken cancellationToken = default)
    {
        var name = DnsNames.Normalize(domain);
        var read = name is null ? null : await records.ReadAsync(accountId, name, cancellationToken);
        if (read is null)
        {
            return new PlanOutcome.NotFound();
        }

        if (read.Refusal is { } refusal)
        {
            return new PlanOutcome.Refused(refusal);
        }

        var steps = options.Value.ParsedSteps;
        var first = FirstStep(read.Record!);
        if (first >= steps.Count)
        {
            return new PlanOutcome.Refused($"{name} publishes {read.Record!["p"]} for all its mail already ({read.Record}); there is no step left.");
        }

        var existing = await plans.GetAsync(name!, cancellationToken);
        if (existing is { Plan.IsActive: true })
        {
            return new PlanOutcome.Refused($"{name} has a plan already ({existing.Plan.Status}, step {existing.Plan.Step + 1} of {existing.Plan.Steps.Count}, started {existing.Plan.CreatedAt:yyyy-MM-dd}); cancel it before starting another.");
        }

        var now = time.GetUtcNow();
        // Steps the record has reached already count as done: a plan never writes a weaker policy than the one published.
        var plan = new EnforcementPlan(name!, accountId, read.Place, steps, options.Value.DwellDays, PlanStatus.Running, first - 1, now, read.Record!.Text, now, actor);
        var view = new EnforcementView(name!, read.Record.Text, await readiness.ReadAsync(name!, cancellationToken), plan, Schedule(steps, first, read.Record, null, plan.DwellDays));
        if (dryRun)
        {
            return new PlanOutcome.Done(view, true);
        }

        if (!await plans.TryCreateAsync(plan, existing?.Version, cancellationToken))
        {
            return new PlanOutcome.Refused($"Another plan for {name} was started at the same time; read it with GET and cancel it first if it should not run.");
        }

        LogStarted(name!, accountId, steps.Count - first);
        return new PlanOutcome.Done(view, false);
    }

    public Task<PlanOutcome> PauseAsync(string accountId, string domain, CancellationToken cancellationToken = default) =>
        ChangeAsync(accountId, domain, p => p.Status is PlanStatus.Running or PlanStatus.Enforced or PlanStatus.Waiting
            ? (p with { Status = PlanStatus.Paused, Note = "Paused by the owner." }, null)
            : (null, $"The plan is {p.Status}; only a running, enforced or waiting plan can be paused."), cancellationToken);

    public Task<PlanOutcome> ResumeAsync(string accountId, string domain, CancellationToken cancellationToken = default) =>
        ChangeAsync(accountId, domain, p => p.Status is PlanStatus.Paused or PlanStatus.Waiting
            ? (p with { Status = p.Step == p.Steps.Count - 1 ? PlanStatus.Enforced : PlanStatus.Running, Note = null }, null)
            : (null, $"The plan is {p.Status}; only a paused or waiting plan can be resumed."), cancellationToken);

    /// <summary>Ends the plan; the record stays as it stands (the plan's history says what it was before).</summary>
    public Task<PlanOutcome> CancelAsync(string accountId, string domain, CancellationToken cancellationToken = default) =>
        ChangeAsync(accountId, domain, p => p.IsActive
            ? (p with { Status = PlanStatus.Cancelled, Note = $"Cancelled by the owner; the record stays '{p.LastRecord}'." }, null)
            : (null, "The plan is cancelled already."), cancellationToken);

    /// <summary>The index of the first step stronger than what the record publishes.</summary>
    public int FirstStep(DmarcRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var steps = options.Value.ParsedSteps;
        var p = record["p"];
        var pct = int.TryParse(record["pct"], out var n) ? n : 100;
        var published = PolicyStep.StrengthOf(p, pct);
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Strength > published)
            {
                return i;
            }
        }

        return steps.Count;
    }

    /// <summary>The steps from <paramref name="from"/> on, each with the record it writes; the first may be written once the step in force (since <paramref name="currentSince"/>) has had its dwell time, or today.</summary>
    private List<ScheduledStep> Schedule(IReadOnlyList<PolicyStep> steps, int from, DmarcRecord record, DateTimeOffset? currentSince, int dwellDays)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var day = currentSince is { } since ? DateOnly.FromDateTime(since.UtcDateTime).AddDays(dwellDays) : today;
        day = day < today ? today : day;
        var result = new List<ScheduledStep>();
        for (var i = from; i < steps.Count; i++)
        {
            record = steps[i].Apply(record);
            result.Add(new ScheduledStep(i, steps[i].Policy, steps[i].Pct, record.Text, day));
            day = day.AddDays(dwellDays);
        }

        return result;
    }

    private async Task<PlanOutcome> ChangeAsync(string accountId, string domain, Func<EnforcementPlan, (EnforcementPlan? Changed, string? Refusal)> change, CancellationToken cancellationToken)
    {
        var name = DnsNames.Normalize(domain);
        var found = name is null ? null : await plans.GetAsync(name, cancellationToken);
        if (found is null || found.Plan.AccountId != accountId)
        {
            return new PlanOutcome.NotFound();
        }

        var (changed, refusal) = change(found.Plan);
        if (changed is null)
        {
            return new PlanOutcome.Refused(refusal!);
        }

        if (await plans.TryUpdateAsync(changed, found.Version, cancellationToken) is null)
        {
            return new PlanOutcome.Refused("The plan changed while this request was handled (the daily run wrote a step); read it again and retry.");
        }

        LogChanged(name!, changed.Status);
        return await GetAsync(accountId, name!, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Enforcement plan for {Domain} of account {AccountId} started with {Steps} steps")]
    private partial void LogStarted(string domain, string accountId, int steps);

    [LoggerMessage(Level = LogLevel.Information, Message = "Enforcement plan for {Domain} is now {Status}")]
    private partial void LogChanged(string domain, PlanStatus status);
}
