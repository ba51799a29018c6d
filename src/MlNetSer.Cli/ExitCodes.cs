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

    /// <summary>
    /// The exit code of a command that processed <paramref name="inputs"/> inputs one by one, of which
    /// <paramref name="failed"/> failed: <see cref="Ok"/>, <see cref="SomeInputsFailed"/>, or <see cref="Failure"/> when all did.
    /// </summary>
    public static int ForInputs(int failed, int inputs)
        => failed == 0 ? Ok : failed < inputs ? SomeInputsFailed : Failure;
}
