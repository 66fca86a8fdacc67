namespace Dmarc.Adapters.Storage;

/// <summary>
/// Every table, container and queue the app uses (all created at start), with the optional
/// <see cref="StorageOptions.ResourcePrefix"/> applied so that test runs can keep their own.
/// </summary>
public sealed class StorageNames(string prefix)
{
    public const string Accounts = "accounts";
    public const string ApiKeys = "apikeys";
    public const string AccountUsers = "accountusers";
    public const string AccessRequests = "accessrequests";
    public const string DomainChallenges = "domainchallenges";
    public const string RequestCounters = "requestcounters";
    public const string InboundReceipts = "inboundreceipts";
    public const string RollupRuns = "rollupruns";
    public const string RollupMarks = "rollupmarks";
    public const string RollupDays = "rollupdays";
    public const string RollupLeases = "rollupleases";
    public const string HostedZones = "hostedzones";
    public const string HostedRecords = "hostedrecords";
    public const string Tasks = "tasks";
    public const string TaskResults = "taskresults";
    public const string AccountLocks = "accountlocks";
    public const string Audit = "audit";
    public const string Activity = "activity";
    public const string MonitoredDomains = "monitoreddomains";
    public const string DomainModes = "domainmodes";
    public const string Notifications = "notifications";
    public const string AlertSubscriptions = "alertsubscriptions";
    public const string PulledMessages = "pulledmessages";
    public const string AlertMarkers = "alertmarkers";
    public const string AlertEvents = "alertevents";
    public const string RecordStates = "recordstates";
    public const string AlertStates = "alertstates";
    public const string AccountSecurity = "accountsecurity";
    public const string Reports = "reports";
    public const string Contributions = "contributions";
    public const string QuarantineIndex = "quarantine";
    public const string IpFacts = "ipfacts";
    public const string SenderClasses = "senderclasses";
    public const string SenderDecisions = "senderdecisions";
    public const string QueueFailures = "queuefailures";
    public const string TimerRuns = "timerruns";
    public const string Inbound = "inbound";
    public const string Archive = "archive";
    public const string Quarantine = "quarantine";
    public const string ReportsJson = "reports";
    public const string Outbox = "outbox";
    public const string ExecutiveReports = "executive-reports";
    public const string ZoneTasks = "zone-tasks";
    public const string SenderLookups = "sender-lookups";
    public const string Reprocess = "reprocess";
    public const string ReprocessTasks = "reprocesstasks";

    /// <summary>The staged enforcement plans, one row per domain.</summary>
    public const string EnforcementPlans = "enforcementplans";

    /// <summary>Where the Functions host names a blob that failed every attempt (the blob itself stays in place).</summary>
    public const string BlobTriggerPoison = "webjobs-blobtrigger-poison";

    public static readonly IReadOnlyList<string> BaseTables =
        [Accounts, ApiKeys, AccountUsers, AccessRequests, DomainChallenges, RequestCounters, InboundReceipts, RollupRuns, RollupMarks, RollupDays, RollupLeases, HostedZones, HostedRecords, Tasks, TaskResults, AccountLocks, Audit, Activity, MonitoredDomains, DomainModes, Notifications, AlertSubscriptions, AlertMarkers, AlertEvents, RecordStates, AlertStates, AccountSecurity, PulledMessages, Reports, Contributions, QuarantineIndex, IpFacts, SenderClasses, SenderDecisions, QueueFailures, TimerRuns, ReprocessTasks, EnforcementPlans];

    public static readonly IReadOnlyList<string> BaseContainers = [Inbound, Outbox, Archive, Quarantine, ReportsJson, ExecutiveReports];
    public static readonly IReadOnlyList<string> BaseQueues = [ZoneTasks, SenderLookups, Reprocess, BlobTriggerPoison];

    public string Prefix { get; } = prefix ?? "";

    public IEnumerable<string> Tables => BaseTables.Select(Table);

    public IEnumerable<string> Containers => BaseContainers.Select(Container);

    public IEnumerable<string> Queues => BaseQueues.Select(Queue);

    /// <summary>Table names are alphanumeric, so the prefix is used without separator.</summary>
    public string Table(string name) => Prefix + name;

    public string Container(string name) => Prefix + name;

    public string Queue(string name) => Prefix + name;
}
