namespace MlNetSer.Cli;

/// <summary>Exit codes of every mlnetser command.</summary>
public static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Ok = 0;

    /// <summary>The command line was wrong (unknown flag, missing argument, invalid option value).</summary>
    public const int Usage = 1;

    /// <summary>The command ran but some inputs failed (each is reported); the others were processed.</summary>
    public const int SomeInputsFailed = 2;

    /// <summary>The command failed as a whole.</summary>
    public const int Failure = 3;
}
