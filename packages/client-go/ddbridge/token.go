package ddbridge

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// TokenFile is where `ddbridge serve` keeps its token: $DDBRIDGE_HOME/token,
// else ~/.ddbridge/token.
func TokenFile() string {
	if home := os.Getenv("DDBRIDGE_HOME"); home != "" {
		return filepath.Join(home, "token")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		home = "."
	}
	return filepath.Join(home, ".ddbridge", "token")
}

// Token finds the bearer token as ddbridge's other clients do: DDBRIDGE_TOKEN,
// else the contents of TokenFile.
func Token() (string, error) {
	if t := os.Getenv("DDBRIDGE_TOKEN"); t != "" {
		return t, nil
	}
	return TokenFromFile(TokenFile())
}

// TokenFromFile reads a token file (surrounding white space is not part of it).
func TokenFromFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("no ddbridge token: set DDBRIDGE_TOKEN, or make %s readable: %w", path, err)
	}
	t := strings.TrimSpace(string(b))
	if t == "" {
		return "", errors.New("no ddbridge token: " + path + " is empty")
	}
	return t, nil
}
