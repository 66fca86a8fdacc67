using System.Text.Json.Serialization;

namespace Dmarc.Core.Enforcement;

/// <summary>Where a plan is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlanStatus>))]
public enum PlanStatus
{
    /// <summary>The daily run advances it while the domain is ready and the dwell time has passed.</summary>
    Running,

    /// <summary>The owner paused it (or the record was changed outside the plan); nothing moves until resumed.</summary>
    Paused,

    /// <summary>It stepped back because an approved sender stopped passing; it waits for the owner to resume it.</summary>
    Waiting,

    /// <summary>The last step is in force; the daily run still steps back if an approved sender stops passing.</summary>
    Enforced,

    /// <summary>Stopped for good; the record stays as it stands.</summary>
    Cancelled,
}

/// <summary>Why a plan wrote the record.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlanWriteReason>))]
public enum PlanWriteReason
{
    Advance,
    StepBack,
}

/// <summary>
/// One write of a plan: from <paramref name="Before"/> to <paramref name="After"/>, putting step
/// <paramref name="ToStep"/> in force (-1: the record from before the plan). It is stored before
/// DNS is written, so a retry finishes the same write with the same audit entry.
/// </summary>
/// <param name="Detail">What made it: the readiness that held, or the sender that stopped passing, in words with the numbers.</param>
public sealed record PlanWrite(int ToStep, string Before, string After, PlanWriteReason Reason, string Detail, DateTimeOffset At, string? SenderId = null);

/// <summary>
/// A staged move of one domain's DMARC policy to enforcement: one per domain at a time. <paramref name="Step"/>
/// is the step in force (-1 before the first); <paramref name="OriginalRecord"/> is the record the
/// plan started from, which stepping back from the first step restores exactly.
/// </summary>
public sealed record EnforcementPlan(
    string Domain,
    string AccountId,
    PolicyRecordPlace Place,
    IReadOnlyList<PolicyStep> Steps,
    int DwellDays,
    PlanStatus Status,
    int Step,
    DateTimeOffset StepSince,
    string OriginalRecord,
    DateTimeOffset CreatedAt,
    string CreatedBy)
{
    public const int MaxHistory = 50;

    /// <summary>Why the plan is paused or waiting, in words.</summary>
    public string? Note { get; init; }

    /// <summary>A write decided and not finished yet.</summary>
    public PlanWrite? Pending { get; init; }

    /// <summary>A finished write whose announcement has not been confirmed yet.</summary>
    public PlanWrite? Unannounced { get; init; }

    /// <summary>Every finished write, oldest first (at most <see cref="MaxHistory"/>).</summary>
    public IReadOnlyList<PlanWrite> History { get; init; } = [];

    /// <summary>The record text the plan last wrote (or started from).</summary>
    public string LastRecord => History.Count > 0 ? History[^1].After : OriginalRecord;

    [JsonIgnore]
    public bool IsActive => Status is not PlanStatus.Cancelled;

    public PolicyStep? Current => Step >= 0 ? Steps[Step] : null;
}

/// <summary>A plan with the storage version (ETag) it was read at.</summary>
public sealed record VersionedPlan(EnforcementPlan Plan, string Version);

/// <summary>Port: the plans, one row per domain; every change is conditional on the version read.</summary>
public interface IEnforcementPlans
{
    Task<VersionedPlan?> GetAsync(string domain, CancellationToken cancellationToken = default);

    /// <summary>Creates the domain's plan, or replaces the one read at <paramref name="replacing"/>; false when another write came first.</summary>
    Task<bool> TryCreateAsync(EnforcementPlan plan, string? replacing, CancellationToken cancellationToken = default);

    /// <summary>The plan's new version; null when the plan changed since <paramref name="version"/>.</summary>
    Task<string?> TryUpdateAsync(EnforcementPlan plan, string version, CancellationToken cancellationToken = default);

    /// <summary>Every plan that is not cancelled.</summary>
    Task<IReadOnlyList<VersionedPlan>> ListActiveAsync(CancellationToken cancellationToken = default);
}
