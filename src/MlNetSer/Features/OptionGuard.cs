namespace MlNetSer.Features;

/// <summary>Builds the <see cref="ArgumentException"/>s of the options' Validate methods: option name, bad value, rule.</summary>
internal static class OptionGuard
{
    public static void AtLeast(int value, int minimum, string option)
    {
        if (value < minimum)
            throw Invalid(option, value, $"at least {minimum}");
    }

    public static ArgumentException Invalid(string option, object value, string rule)
        => new($"{option} must be {rule}; it was {value}.", option);
}
