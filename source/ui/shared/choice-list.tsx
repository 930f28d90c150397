import { Box, Text } from 'ink';
import SelectInput, { type IndicatorProps, type ItemProps } from 'ink-select-input';
import { useTint } from './ui-context.js';

/** An entry of a list; `key` defaults to the value. */
export interface ChoiceItem<V> {
	readonly key?: string;
	readonly label: string;
	readonly value: V;
}

export interface ChoiceListProps<V> {
	readonly items: readonly ChoiceItem<V>[];
	readonly initialIndex?: number;
	readonly isFocused?: boolean;
	readonly onSelect: (value: V) => void;
	readonly onHighlight?: (value: V) => void;
	/** Entries shown at once; the list scrolls with the cursor. All when not given. */
	readonly limit?: number;
	/** How an entry wider than the list is cut: at its end, or in its middle (paths). */
	readonly wrap?: 'truncate-end' | 'truncate-middle';
}

// ink-select-input colours the pointer and the entry blue always; these follow NO_COLOR.
function Pointer({ isSelected = false }: IndicatorProps) {
	const tint = useTint();
	return (
		<Box marginRight={1} flexShrink={0}>
			<Text color={tint('cyan')}>{isSelected ? '❯' : ' '}</Text>
		</Box>
	);
}

/** An entry of one row: the views count rows to fit the terminal. */
function entry(wrap: 'truncate-end' | 'truncate-middle') {
	return function Entry({ isSelected = false, label }: ItemProps) {
		const tint = useTint();
		return (
			<Text color={isSelected ? tint('cyan') : undefined} bold={isSelected} wrap={wrap}>
				{label}
			</Text>
		);
	};
}

const ENTRIES = {
	'truncate-end': entry('truncate-end'),
	'truncate-middle': entry('truncate-middle'),
};

/**
 * A list to pick from with ↑↓ (or j/k, or a digit) and Enter; ink-select-input underneath. Each
 * entry takes one row, cut when too wide.
 */
export function ChoiceList<V>({
	items,
	initialIndex,
	isFocused,
	onSelect,
	onHighlight,
	limit,
	wrap = 'truncate-end',
}: ChoiceListProps<V>) {
	return (
		<SelectInput
			items={items.map((item) => ({ ...item, key: item.key ?? String(item.value) }))}
			initialIndex={initialIndex ?? 0}
			isFocused={isFocused ?? true}
			indicatorComponent={Pointer}
			itemComponent={ENTRIES[wrap]}
			{...(limit === undefined ? {} : { limit })}
			onSelect={(item) => onSelect(item.value)}
			onHighlight={(item) => onHighlight?.(item.value)}
		/>
	);
}
