using System.CommandLine;
using Gapwatch.Web.Auth;
using Spectre.Console;

namespace Gapwatch.Cli.Commands;

/// <summary>
/// <c>gapwatch user add --workspace DIR --email E --role R [--role R2] [--token]</c>: a user of one
/// workspace. The password comes from an environment variable or a hidden prompt, never from the
/// command line; an API token (with --token) is printed once and stored only as its SHA-256.
/// </summary>
internal static class UserCommand
{
    public const string DefaultPasswordVariable = "GAPWATCH_PASSWORD";

    public static Command Create(CliContext context)
    {
        var workspace = CommonOptions.Workspace();
        var email = new Option<string>("--email") { Description = "The user's email (their sign-in name)", Required = true };
        var roles = new Option<string[]>("--role")
        {
            Description = $"A role: {string.Join(", ", Roles.All)} (repeat, or separate with commas)",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var token = new Option<bool>("--token") { Description = "Also create an API token (shown once, stored only as its SHA-256)" };
        var passwordVariable = new Option<string>("--password-env")
        {
            Description = "The environment variable holding the password (else a hidden prompt; with --token and neither, a token-only user)",
            DefaultValueFactory = _ => DefaultPasswordVariable,
        };
        var add = new Command("add", "Add a user to a workspace, with roles, a password and optionally an API token") { workspace, email, roles, token, passwordVariable };
        add.SetAction(parse =>
        {
            using (CommonOptions.Open(parse.GetValue(workspace)!, context))
            {
                // Opening validates the workspace file and migrates its store.
            }

            IReadOnlyList<string> parsedRoles;
            try
            {
                parsedRoles = Roles.Parse(parse.GetValue(roles)!);
            }
            catch (ArgumentException e)
            {
                throw new CliException(ExitCodes.Usage, "--role: " + e.Message);
            }

            var wantsToken = parse.GetValue(token);
            var password = Password(context, parse.GetValue(passwordVariable)!, wantsToken);
            AddedUser added;
            try
            {
                added = UserAdmin.Add(parse.GetValue(workspace)!, parse.GetValue(email)!, parsedRoles, password, wantsToken, Actor(), context.Clock);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                throw new CliException(ExitCodes.Usage, e.Message);
            }

            context.Console.MarkupLineInterpolated(
                $"Added [bold]{added.User.Email}[/] ({string.Join(", ", added.User.Roles)}){(password is null ? " without a password (token only)" : "")}.");
            if (added.Token is { } issued)
            {
                context.Console.MarkupLine("API token (shown once — store it now; only its SHA-256 is kept). Send it as 'Authorization: Bearer <token>':");
                context.Out.WriteLine(issued);
            }

            return ExitCodes.Ok;
        });
        return new Command("user", "Manage the users of a workspace") { add };
    }

    /// <summary>Who ran the command, for the audit log.</summary>
    internal static string Actor() => $"{Environment.UserName} (cli)";

    private static string? Password(CliContext context, string variable, bool tokenOnlyAllowed)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        if (!context.Console.Profile.Capabilities.Interactive)
        {
            if (tokenOnlyAllowed)
            {
                return null;
            }

            throw new CliException(ExitCodes.Usage, $"no password: set the environment variable {variable}, run interactively to be prompted, or give --token for a token-only user (a password is never taken from the command line)");
        }

        var first = context.Console.Prompt(new TextPrompt<string>($"Password (at least {Credentials.MinimumPasswordLength} characters):").Secret());
        var again = context.Console.Prompt(new TextPrompt<string>("Repeat the password:").Secret());
        return first == again ? first : throw new CliException(ExitCodes.Usage, "the two passwords differ");
    }
}
