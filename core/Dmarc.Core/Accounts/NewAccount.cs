using Dmarc.Core.Validation;

namespace Dmarc.Core.Accounts;

/// <summary>What a caller sends to create an account.</summary>
public sealed record NewAccount(string? Name, IReadOnlyList<string>? OwnerEmails, string? Edition)
{
    public const int MaxNameLength = 200;
    public const int MaxOwners = 20;

    /// <summary>Checks every field and returns the problems, keyed by field name.</summary>
    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("name", "The account name is required.");
        }
        else if (Name.Trim().Length > MaxNameLength)
        {
            errors.Add("name", $"The account name must be at most {MaxNameLength} characters.");
        }

        if (OwnerEmails is null || OwnerEmails.Count == 0)
        {
            errors.Add("ownerEmails", "At least one owner e-mail address is required.");
        }
        else
        {
            if (OwnerEmails.Count > MaxOwners)
            {
                errors.Add("ownerEmails", $"At most {MaxOwners} owners can be given.");
            }

            for (var i = 0; i < OwnerEmails.Count; i++)
            {
                if (!EmailAddress.IsValid(OwnerEmails[i]))
                {
                    errors.Add($"ownerEmails[{i}]", $"'{OwnerEmails[i]}' is not a valid e-mail address.");
                }
            }
        }

        if (!TryParseEdition(Edition, out _))
        {
            errors.Add("edition", "The edition must be one of Monitor, Premium, Enterprise.");
        }

        return errors;
    }

    internal static bool TryParseEdition(string? value, out Edition edition)
    {
        edition = default;
        return !string.IsNullOrWhiteSpace(value)
            && value.Trim().All(char.IsAsciiLetter)
            && Enum.TryParse(value.Trim(), ignoreCase: true, out edition);
    }
}
