package money

import (
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/salesplan/salesplan/diag"
)

// currencies holds the ISO 4217 currency codes and the number of decimal
// places of their minor unit (ISO 4217 list one, as amended to 2025):
// every active currency and fund code that has a minor unit, and the few
// withdrawn since 2021 that older deal files still hold (marked below).
// The codes ISO 4217 gives no minor unit are in noMinorUnit.
var currencies = map[string]int32{
	"AED": 2, "AFN": 2, "ALL": 2, "AMD": 2, "AOA": 2, "ARS": 2, "AUD": 2, "AWG": 2, "AZN": 2,
	"BAM": 2, "BBD": 2, "BDT": 2, "BHD": 3, "BIF": 0, "BMD": 2, "BND": 2, "BOB": 2, "BOV": 2,
	"BRL": 2, "BSD": 2, "BTN": 2, "BWP": 2, "BYN": 2, "BZD": 2,
	"CAD": 2, "CDF": 2, "CHE": 2, "CHF": 2, "CHW": 2, "CLF": 4, "CLP": 0, "CNY": 2, "COP": 2,
	"COU": 2, "CRC": 2, "CUP": 2, "CVE": 2, "CZK": 2,
	"DJF": 0, "DKK": 2, "DOP": 2, "DZD": 2,
	"EGP": 2, "ERN": 2, "ETB": 2, "EUR": 2,
	"FJD": 2, "FKP": 2,
	"GBP": 2, "GEL": 2, "GHS": 2, "GIP": 2, "GMD": 2, "GNF": 0, "GTQ": 2, "GYD": 2,
	"HKD": 2, "HNL": 2, "HTG": 2, "HUF": 2,
	"IDR": 2, "ILS": 2, "INR": 2, "IQD": 3, "IRR": 2, "ISK": 0,
	"JMD": 2, "JOD": 3, "JPY": 0,
	"KES": 2, "KGS": 2, "KHR": 2, "KMF": 0, "KPW": 2, "KRW": 0, "KWD": 3, "KYD": 2, "KZT": 2,
	"LAK": 2, "LBP": 2, "LKR": 2, "LRD": 2, "LSL": 2, "LYD": 3,
	"MAD": 2, "MDL": 2, "MGA": 2, "MKD": 2, "MMK": 2, "MNT": 2, "MOP": 2, "MRU": 2, "MUR": 2,
	"MVR": 2, "MWK": 2, "MXN": 2, "MXV": 2, "MYR": 2, "MZN": 2,
	"NAD": 2, "NGN": 2, "NIO": 2, "NOK": 2, "NPR": 2, "NZD": 2,
	"OMR": 3,
	"PAB": 2, "PEN": 2, "PGK": 2, "PHP": 2, "PKR": 2, "PLN": 2, "PYG": 0,
	"QAR": 2,
	"RON": 2, "RSD": 2, "RUB": 2, "RWF": 0,
	"SAR": 2, "SBD": 2, "SCR": 2, "SDG": 2, "SEK": 2, "SGD": 2, "SHP": 2, "SLE": 2, "SOS": 2,
	"SRD": 2, "SSP": 2, "STN": 2, "SVC": 2, "SYP": 2, "SZL": 2,
	"THB": 2, "TJS": 2, "TMT": 2, "TND": 3, "TOP": 2, "TRY": 2, "TTD": 2, "TWD": 2, "TZS": 2,
	"UAH": 2, "UGX": 0, "USD": 2, "USN": 2, "UYI": 0, "UYU": 2, "UYW": 4, "UZS": 2,
	"VED": 2, "VES": 2, "VND": 0, "VUV": 0,
	"WST": 2,
	"XAF": 0, "XCD": 2, "XCG": 2, "XOF": 0, "XPF": 0,
	"YER": 2,
	"ZAR": 2, "ZMW": 2, "ZWG": 2,

	// Withdrawn, still read: the Netherlands Antillean guilder (replaced
	// by XCG in 2025), the Bulgarian lev and the Croatian kuna (replaced
	// by the euro in 2026 and 2023), the Cuban convertible peso (2021),
	// the old Sierra Leonean leone (SLE since 2022) and the Zimbabwe
	// dollar (ZWG since 2024).
	"ANG": 2, "BGN": 2, "HRK": 2, "CUC": 2, "SLL": 2, "ZWL": 2,
}

// noMinorUnit lists the ISO 4217 codes that are not currencies amounts
// are paid in: precious metals, bond market units, the SDR and other
// units of account, and the codes for testing and for no currency.
var noMinorUnit = map[string]string{
	"XAU": "gold", "XAG": "silver", "XPD": "palladium", "XPT": "platinum",
	"XBA": "a bond market unit", "XBB": "a bond market unit", "XBC": "a bond market unit", "XBD": "a bond market unit",
	"XDR": "the IMF's special drawing right", "XSU": "the Sucre, a unit of account", "XUA": "the ADB unit of account",
	"XTS": "the code for testing", "XXX": "the code for no currency",
}

// currencyCodes is the sorted list of currencies, the candidates of a "did
// you mean".
var currencyCodes = slices.Sorted(maps.Keys(currencies))

// ErrCurrency is what the error of [CheckCurrency] wraps: match it with
// errors.Is.
var ErrCurrency = errors.New("invalid currency")

// currencyError is an error that wraps ErrCurrency with its own message.
type currencyError struct{ msg string }

func (e *currencyError) Error() string { return e.msg }
func (e *currencyError) Unwrap() error { return ErrCurrency }

// MinorUnits returns the number of decimal places of currency's minor
// unit in ISO 4217: 2 for USD and EUR, 0 for JPY and KRW, 3 for KWD, BHD,
// OMR, JOD, TND, LYD and IQD, 4 for CLF and UYW. It returns 2 for a code
// that is not a currency, which [CheckCurrency] refuses.
func MinorUnits(currency string) int32 {
	if n, ok := currencies[currency]; ok {
		return n
	}
	return 2
}

// CheckCurrency returns nil when code is an ISO 4217 currency (see
// [MinorUnits]), and otherwise an error, wrapping [ErrCurrency], that
// says why and, where a currency is close, what was probably meant:
//
//	invalid currency "usd": want a three-letter ISO 4217 code such as USD (did you mean USD?)
//	unknown currency "EUE": not an ISO 4217 code (did you mean EUR?)
//	currency "XAU" is gold, not a currency amounts are paid in
//
// The code quoted in the message is cut as [Quote] cuts.
func CheckCurrency(code string) error {
	if _, ok := currencies[code]; ok {
		return nil
	}
	hint := ""
	if up := strings.ToUpper(code); up != code {
		if _, ok := currencies[up]; ok {
			hint = " (did you mean " + up + "?)"
		}
	}
	if len(code) != 3 || !isUpper(code[0]) || !isUpper(code[1]) || !isUpper(code[2]) {
		return &currencyError{"invalid currency " + Quote(code) + ": want a three-letter ISO 4217 code such as USD" + hint}
	}
	if what, ok := noMinorUnit[code]; ok {
		return &currencyError{"currency " + Quote(code) + " is " + what + ", not a currency amounts are paid in"}
	}
	if s := diag.Suggest(code, currencyCodes); s != "" {
		hint = " (did you mean " + s + "?)"
	}
	return &currencyError{"unknown currency " + Quote(code) + ": not an ISO 4217 code" + hint}
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
