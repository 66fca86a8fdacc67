namespace Dmarc.Core.Audit;

/// <summary>
/// One security-relevant action: who (an account user, the operator's admin key, or the service
/// itself), what (an action name such as <c>AddUser</c> or <c>ApiKeyIssued</c>), on what, and how it ended.
/// An entry is written before the action runs and completed with its outcome afterwards, so an
/// action that fails part-way still leaves its trace.
/// </summary>
public sealed record ActivityEntry(string Id, string? AccountId, string Actor, string Action, string Target, string Outcome, DateTimeOffset At)
{
    /// <summary>The actor of entries the service writes on its own (a key issued at sign-up confirmation, say).</summary>
    public const string ServiceActor = "service";

    /// <summary>The actor of calls made with the operator's admin key.</summary>
    public const string AdminActor = "admin";

    /// <summary>The outcome of an entry whose action has not finished (or never finished).</summary>
    public const string Started = "Started";

    public const string Done = "Done";

    /// <summary>Stored strings are bounded: targets and outcomes longer than this are cut.</summary>
    public const int MaxTextLength = 512;
}
