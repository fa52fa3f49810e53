package routing

import (
	"strings"

	"github.com/servicedesk-go/desk/ticket/document"
)

// Config is a desk's routing as one document: the queue [Policy], the
// impact × urgency [Matrix] and the escalation [Path]s. In JSON, with every
// key of each part (keys are the Go field names in snake case; durations
// are text in Go's syntax):
//
//	{
//	  "policy": {
//	    "strategy": "skills_first",
//	    "presences": ["online"],
//	    "ladder": {"steps": [
//	      {"after": "2m", "lower_skill": 1},
//	      {"after": "5m", "any_language": true, "groups": ["overflow"]}
//	    ]},
//	    "scoring": {
//	      "priority": {"urgent": "1h", "high": "30m", "normal": "10m"},
//	      "tier": {"vip": "30m"},
//	      "breach_horizon": "1h",
//	      "breached": "24h"
//	    },
//	    "weights": {"phone": 30, "chat": 10, "email": 3},
//	    "per_channel_rotation": true,
//	    "idle_away": "15m",
//	    "throttle": {"max": 100, "window": "1h"},
//	    "sticky_window": "72h",
//	    "offers": {"timeout": "30s", "reoffers": 1, "missed_presence": "away"}
//	  },
//	  "matrix": {
//	    "cells": [[1, 2, 3], [2, 3, 4], [3, 4, 5]],
//	    "tickets": {"1": "urgent", "2": "high", "3": "normal", "4": "low", "5": "low"}
//	  },
//	  "paths": [{
//	    "name": "it",
//	    "levels": [{"name": "tier 1", "groups": ["l1"]}, {"name": "tier 2", "groups": ["l2", "network"]}],
//	    "specialists": {"network": "network"}
//	  }]
//	}
//
// Every key may be left out; a missing part is its zero value (the
// defaults its type documents: an empty scoring map turns a term off, a
// missing one keeps the default). [DecodeConfig] is strict and reports
// every problem at once; [Config.Encode] writes the document back.
type Config struct {
	Policy Policy
	Matrix Matrix
	Paths  []Path
}

// DecodeConfig reads a routing document. It refuses unknown keys, keys in
// another case or given twice, values of the wrong type (a duration must
// be text such as "90s") and unknown strategies, presences, channels and
// priorities, and with them every problem [Config.Validate] finds in what
// it could read (see [document.Merge]), so one pass shows them all. Each
// problem is a [*document.Error] carrying the JSON path
// ("policy.ladder.steps[1].after", "matrix.cells[2][0]",
// "paths[0].levels[1].groups") and wrapping [ErrInvalidConfig].
func DecodeConfig(data []byte) (Config, error) {
	return document.DecodeValid[Config](data, ErrInvalidConfig)
}

// Validate reports every problem of the policy, the matrix and each path,
// joined, each a [*document.Error] at its JSON path wrapping the
// [*ConfigError] that [Policy.Validate], [Matrix.Validate] or
// [Path.Validate] reports, and so [ErrInvalidConfig]. Two paths with the
// same name are a problem too.
func (c Config) Validate() error {
	p := document.Problems{Package: ErrInvalidConfig}
	add := func(prefix, goPrefix string, err error) {
		document.AddFields(&p, prefix, err, func(ce *ConfigError) string { return strings.TrimPrefix(ce.Field, goPrefix) })
	}
	add("policy", "Policy.", c.Policy.Validate())
	add("matrix", "Matrix.", c.Matrix.Validate())
	named := make(map[string]bool, len(c.Paths))
	for i, path := range c.Paths {
		at := document.Index("paths", i)
		add(at, "Path.", path.Validate())
		if named[path.Name] {
			p.Add(document.Join(at, "name"), configErr("Path.Name", "%q repeats an earlier path", path.Name))
		}
		named[path.Name] = true
	}
	return p.Err()
}

// Encode writes c as a routing document that [DecodeConfig] reads back to
// an equal Config. It refuses a Config that does not pass
// [Config.Validate].
func (c Config) Encode() ([]byte, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return document.Encode(c, ErrInvalidConfig)
}
