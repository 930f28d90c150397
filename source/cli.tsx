#!/usr/bin/env node
import { render, Text } from 'ink';

render(<Text>etcd-wizard: the wizard is coming.</Text>);
