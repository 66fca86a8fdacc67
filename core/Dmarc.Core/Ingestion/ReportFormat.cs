namespace Dmarc.Core.Ingestion;

/// <summary>The container format of an inbound document, as told by its first bytes.</summary>
public enum ReportFormat
{
    Unknown,
    Xml,
    Gzip,
    Zip,
    Mime,
}
