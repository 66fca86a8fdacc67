using System.Text.Json.Serialization;

namespace Dmarc.Core.Accounts;

/// <summary>The commercial edition of an account; it decides which alerts the account may use.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Edition>))]
public enum Edition
{
    Monitor,
    Premium,
    Enterprise,
}
